/* Unit tests of lib/html.c. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "t.h"

void test_html_empty(void);
void test_html_appends(void);
void test_html_plain_text(void);
void test_html_paragraphs(void);
void test_html_br(void);
void test_html_lists(void);
void test_html_nested_lists(void);
void test_html_list_wrap(void);
void test_html_blockquote(void);
void test_html_pre(void);
void test_html_hr(void);
void test_html_tables(void);
void test_html_links(void);
void test_html_many_links(void);
void test_html_link_wrap(void);
void test_html_images(void);
void test_html_entities(void);
void test_html_numeric_entities(void);
void test_html_bad_entities(void);
void test_html_dropped(void);
void test_html_broken(void);
void test_html_wrap(void);
void test_html_wide(void);
void test_html_invisible_padding(void);
void test_html_newsletter(void);
void test_html_one_final_newline(void);
void test_html_deep_nesting(void);
void test_html_control_bytes(void);
void test_html_meta_charset(void);
void test_html_meta_charset_window(void);

/* Render html at width; the result is the caller's to free. */
static char *
render(const char *html, int width)
{
	struct pst_buf b = { 0 };

	pst_html_to_text(html, strlen(html), width, &b);
	return pst_buf_take(&b);
}

/* Check that html renders as want at width. */
static void
check(const char *html, int width, const char *want)
{
	char *got = render(html, width);

	T_STREQ(got, want);
	free(got);
}

void test_html_empty(void)
{
	struct pst_buf b = { 0 };

	pst_html_to_text("", 0, 72, &b);
	T_INTEQ(b.len, 0);
	pst_html_to_text(NULL, 0, 72, &b);
	T_INTEQ(b.len, 0);
	check("<html><head><title>x</title></head><body> </body></html>", 72,
	    "");
	check("<p></p><div>&nbsp;</div><br><br>", 72, "");
	pst_buf_free(&b);
}

void test_html_appends(void)
{
	struct pst_buf b = { 0 };

	pst_buf_adds(&b, "before\n");
	pst_html_to_text("<p>x</p>", 8, 72, &b);
	T_STREQ(pst_buf_str(&b), "before\nx\n");
	pst_buf_free(&b);
}

void test_html_plain_text(void)
{
	check("Hello,   world!\n\n  How   are\tyou?", 72,
	    "Hello, world! How are you?\n");
	check("<b>bold</b><i>it</i> <span>span</span>", 72, "boldit span\n");
}

void test_html_paragraphs(void)
{
	check("<p>one</p><p>two</p>", 72, "one\n\ntwo\n");
	check("<p>one<p>two<p>three", 72, "one\n\ntwo\n\nthree\n");
	check("<div>a</div><div>b</div>", 72, "a\nb\n");
	check("\n\n<p>\n\nfirst\n\n</p>\n\n<p></p><p> </p>\n<p>second</p>\n\n",
	    72, "first\n\nsecond\n");
	check("<div><div><p>deep</p></div></div><p>next</p>", 72,
	    "deep\n\nnext\n");
	check("<h1>Title</h1>text<h2>Sub</h2><p>more</p>", 72,
	    "Title\n\ntext\n\nSub\n\nmore\n");
	check("text<div>block</div>tail", 72, "text\nblock\ntail\n");
}

void test_html_br(void)
{
	check("a<br>b", 72, "a\nb\n");
	check("a<br/>b<BR />c", 72, "a\nb\nc\n");
	check("a<br><br>b", 72, "a\n\nb\n");
	check("a<br><br><br><br><br>b", 72, "a\n\nb\n");
	check("<br><br>a<br><br>", 72, "a\n");
	check("<p>a</p><br><br><p>b</p>", 72, "a\n\nb\n");
	/* Gmail's blank line, and a trailing <br> in a block. */
	check("<div>a</div><div><br></div><div>b</div>", 72, "a\n\nb\n");
	check("<div>a<br></div><div>b</div>", 72, "a\nb\n");
	check("a</br>b", 72, "a\nb\n");
}

void test_html_lists(void)
{
	check("<ul><li>one</li><li>two</li></ul>", 72, "* one\n* two\n");
	check("<ol><li>one<li>two<li>three</ol>", 72,
	    "1. one\n2. two\n3. three\n");
	check("<ol start=\"9\"><li>nine</li><li>ten</li></ol>", 72,
	    "9. nine\n10. ten\n");
	check("<ol start=-1><li>a<li>b</ol>", 72, "-1. a\n0. b\n");
	check("<p>intro</p><ul><li>a</li></ul><p>outro</p>", 72,
	    "intro\n\n* a\n\noutro\n");
	check("text<ul><li>a</li></ul>more", 72, "text\n\n* a\n\nmore\n");
	/* Paragraphs inside items do not space the list out. */
	check("<ul><li><p>a</p></li><li><p>b</p></li></ul>", 72,
	    "* a\n* b\n");
	check("<ul><li><p>a</p><p>a2</p></li></ul>", 72, "* a\n\n  a2\n");
	/* An item with no list around it. */
	check("<li>stray<li>another", 72, "* stray\n* another\n");
	/* Empty items still count. */
	check("<ol><li></li><li>b</li></ol>", 72, "2. b\n");
}

void test_html_nested_lists(void)
{
	check("<ul><li>a<ul><li>b<ul><li>c</li></ul></li></ul></li>"
	    "<li>d</li></ul>", 72,
	    "* a\n  * b\n    * c\n* d\n");
	check("<ol><li>one<ol><li>sub one</li><li>sub two</li></ol></li>"
	    "<li>two</li></ol>", 72,
	    "1. one\n   1. sub one\n   2. sub two\n2. two\n");
	check("<ul><li>x<ol><li>y</li></ol></li></ul>after", 72,
	    "* x\n  1. y\n\nafter\n");
	/* Unclosed nested lists close with the outer one. */
	check("<ul><li>a<ul><li>b</ul>c</ul>d", 72,
	    "* a\n  * b\n  c\n\nd\n");
}

void test_html_list_wrap(void)
{
	check("<ul><li>one two three four five six</li></ul>", 14,
	    "* one two\n  three four\n  five six\n");
	check("<ol><li>aaa bbb ccc<ul><li>ddd eee fff</li></ul></li></ol>", 10,
	    "1. aaa bbb\n   ccc\n   * ddd\n     eee\n     fff\n");
}

void test_html_blockquote(void)
{
	check("<p>Hi</p><blockquote><p>quoted</p><p>more</p></blockquote>"
	    "<p>reply</p>", 72,
	    "Hi\n\n> quoted\n>\n> more\n\nreply\n");
	check("<blockquote>one<blockquote>two</blockquote>one again"
	    "</blockquote>", 72,
	    "> one\n>\n> > two\n>\n> one again\n");
	check("<blockquote>a b c d e f</blockquote>", 7,
	    "> a b c\n> d e f\n");
	check("<blockquote><ul><li>x</li></ul></blockquote>", 72, "> * x\n");
	/* Unclosed: the quote goes on to the end. */
	check("<blockquote>a<p>b", 72, "> a\n>\n> b\n");
	/* A stray end tag is ignored. */
	check("a</blockquote>b", 72, "a\n\nb\n");
}

void test_html_pre(void)
{
	check("<p>code:</p><pre>\n  int x;\n\tif (a &lt; b)\n\n    y();\n"
	    "</pre><p>after</p>", 72,
	    "code:\n\n  int x;\n\tif (a < b)\n\n    y();\n\nafter\n");
	/* No wrapping inside. */
	check("<pre>a b c d e f g h</pre>", 5, "a b c d e f g h\n");
	/* Tags and <br> inside; blank lines at the edges dropped. */
	check("<pre>\n\n\n<b>x</b>  y<br>z\n\n\n</pre>", 72, "x  y\nz\n");
	check("<blockquote><pre>a\n\nb</pre></blockquote>", 72,
	    "> a\n>\n> b\n");
	check("<pre>x\r\ny</pre>", 72, "x\ny\n");
	/* Unclosed <pre> runs to the end. */
	check("<pre>  a\n  b", 72, "  a\n  b\n");
}

void test_html_hr(void)
{
	check("above<hr>below", 10, "above\n\n----------\n\nbelow\n");
	check("<hr/>", 0, "----------------------------------------\n");
	check("<blockquote><hr></blockquote>", 6, "> ----\n");
	check("<hr>", 2, "---\n");
}

void test_html_tables(void)
{
	check("<table><tr><th>Name</th><th>Price</th></tr>"
	    "<tr><td>Apple</td><td>1</td></tr></table>", 72,
	    "Name | Price\nApple | 1\n");
	check("<table><tr><td></td><td>x</td><td></td><td>y</td></tr>"
	    "<tr><td>z</td></tr></table>", 72, "x | y\nz\n");
	/* Layout tables with blocks in their cells get no separators. */
	check("<table><tr><td><p>left</p></td><td><p>right</p></td></tr>"
	    "</table>", 72, "left\n\nright\n");
	check("<table><tr><td>a<td>b</table>c", 72, "a | b\nc\n");
	check("<p>before</p><table><tr><td>x</td></tr></table><p>after</p>",
	    72, "before\n\nx\n\nafter\n");
}

void test_html_links(void)
{
	check("See <a href=\"https://example.com/a\">the site</a>.", 72,
	    "See the site [1].\n\n[1] https://example.com/a\n");
	check("<a href=\"http://a.org/\">a</a> <a href=\"http://b.org/\">b</a>"
	    " <a href=\"http://a.org/\">a again</a>", 72,
	    "a [1] b [2] a again [1]\n\n"
	    "[1] http://a.org/\n[2] http://b.org/\n");
	/* Script, fragment and empty targets get no number. */
	check("<a href=\"javascript:void(0)\">js</a> <a href=\"JavaScript:x\">"
	    "js2</a> <a href=\"#top\">top</a> <a href=\"\">e</a> <a>n</a>", 72,
	    "js js2 top e n\n");
	check("<a href=\"mailto:bob@example.org\">Bob</a>", 72,
	    "Bob [1]\n\n[1] mailto:bob@example.org\n");
	/* Text that is the URL itself needs no reference. */
	check("<a href=\"mailto:bob@example.org\">bob@example.org</a> "
	    "<a href=\"https://x.org/\">https://x.org</a> "
	    "<a href=\"https://y.org\">y.org</a>", 72,
	    "bob@example.org https://x.org y.org\n");
	/* References in attributes are decoded; tabs and newlines dropped. */
	check("<a href=\" https://e.com/?a=1&amp;b=2&#10;&amp;c \">q</a>", 72,
	    "q [1]\n\n[1] https://e.com/?a=1&b=2&c\n");
	/* Unclosed links end at the next link or at the end. */
	check("<a href=\"u1\">one <a href=\"u2\">two", 72,
	    "one [1] two [2]\n\n[1] u1\n[2] u2\n");
	/* A link around an image with no text still gets its number. */
	check("<a href=\"u\"><img src=\"logo.png\"></a>", 72, "[1]\n\n[1] u\n");
	check("<a href='u'><img alt='Logo'></a>", 72, "Logo [1]\n\n[1] u\n");
	check("<p><a href=\"u\">x</a></p><p>y</p>", 72,
	    "x [1]\n\ny\n\n[1] u\n");
}

void test_html_many_links(void)
{
	struct pst_buf in = { 0 }, out = { 0 };
	int i;

	/* Enough to grow the table of URLs a few times; the second half
	 * repeats the first. */
	for (i = 0; i < 300; i++)
		pst_buf_printf(&in, "<a href=\"http://h/%d\">l</a>\n", i % 150);
	pst_html_to_text(in.p, in.len, 0, &out);
	T_OK(strstr(out.p, "l [1] l [2] l [3]") == out.p);
	T_OK(strstr(out.p, "l [149] l [150] l [1] l [2]") != NULL);
	T_OK(strstr(out.p, "\n\n[1] http://h/0\n") != NULL);
	T_OK(strstr(out.p, "\n[150] http://h/149\n") != NULL);
	T_OK(strstr(out.p, "[151]") == NULL);
	pst_buf_free(&in);
	pst_buf_free(&out);
}

void test_html_link_wrap(void)
{
	check("Read <a href=\"u\">the whole story</a>, please", 16,
	    "Read the whole\nstory [1],\nplease\n\n[1] u\n");
}

void test_html_images(void)
{
	check("a<img src=\"x\" alt=\"Logo\">b", 72, "a Logo b\n");
	check("<img src=\"spacer.gif\" alt=\"\"><img src=\"x\">text", 72,
	    "text\n");
	check("<img alt=\"Tom &amp; Jerry\"/>", 72, "Tom & Jerry\n");
	check("<img alt='  '>x", 72, "x\n");
}

void test_html_entities(void)
{
	check("&amp; &lt; &gt; &quot; &apos; a&nbsp;b", 72,
	    "& < > \" ' a b\n");
	check("&copy; &reg; &trade; &hellip; &mdash; &ndash;", 72,
	    "\xc2\xa9 \xc2\xae \xe2\x84\xa2 \xe2\x80\xa6 \xe2\x80\x94 "
	    "\xe2\x80\x93\n");
	check("&lsquo;&rsquo;&ldquo;&rdquo; &euro;&pound; &bull;&middot; "
	    "&laquo;&raquo; &times;", 72,
	    "\xe2\x80\x98\xe2\x80\x99\xe2\x80\x9c\xe2\x80\x9d "
	    "\xe2\x82\xac\xc2\xa3 \xe2\x80\xa2\xc2\xb7 \xc2\xab\xc2\xbb "
	    "\xc3\x97\n");
	check("caf&eacute; &Eacute;t&eacute; &uuml;ber &szlig; &ntilde; "
	    "&AElig;", 72,
	    "caf\xc3\xa9 \xc3\x89t\xc3\xa9 \xc3\xbc" "ber \xc3\x9f "
	    "\xc3\xb1 \xc3\x86\n");
	/* Names are case-sensitive. */
	check("&Amp; &AMP;", 72, "&Amp; &\n");
}

void test_html_numeric_entities(void)
{
	check("&#65;&#x42;&#X43;&#0100;", 72, "ABCd\n");
	check("&#x1F600;", 72, "\xf0\x9f\x98\x80\n");
	/* Invalid: NUL, surrogates, past U+10FFFF, huge, controls. */
	check("&#0;|&#xD800;|&#1114112;|&#99999999999999999999;|&#27;|&#x7f;",
	    72, "\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|\xef\xbf\xbd|"
	    "\xef\xbf\xbd|\xef\xbf\xbd\n");
	/* 0x80-0x9F as windows-1252 does. */
	check("&#150;&#147;x&#148;&#129;", 72,
	    "\xe2\x80\x93\xe2\x80\x9cx\xe2\x80\x9d\xef\xbf\xbd\n");
	/* A reference to white space is white space. */
	check("a&#32;&#10;&#9;b", 72, "a b\n");
}

void test_html_bad_entities(void)
{
	check("&amp &foo; &; & x &# &#; &#x; &#12 &#x4g; AT&T", 72,
	    "&amp &foo; &; & x &# &#; &#x; &#12 &#x4g; AT&T\n");
	check("?a=1&b=2&copy=3", 72, "?a=1&b=2&copy=3\n");
	check("&verylongnamethatisnotanentityatallreally;", 72,
	    "&verylongnamethatisnotanentityatallreally;\n");
	check("tail &", 72, "tail &\n");
	check("tail &#x", 72, "tail &#x\n");
}

void test_html_dropped(void)
{
	check("<script>if (a < b) document.write('<p>x</p>');</script>a", 72,
	    "a\n");
	check("<style type=\"text/css\">p > a { color: red }</style>b", 72,
	    "b\n");
	check("<SCRIPT>x</SCRIPT >c<Style>y</sTyle>d", 72, "cd\n");
	check("<script>document.write(\"</scr\" + \"ipt>\")</script>e", 72,
	    "e\n");
	check("<head><title>Subject</title><meta charset=utf-8></head>"
	    "<body>f</body>", 72, "f\n");
	check("<!DOCTYPE html><!-- a comment --><?xml version=\"1.0\"?>g", 72,
	    "g\n");
	check("<!-- multi\nline <p>comment</p> -->h<!---->i<!-->j", 72,
	    "hij\n");
	check("<![CDATA[ x > y ]]>k<!--[if mso]><p>outlook</p><![endif]-->l"
	    "<![if !mso]>m<![endif]>", 72, "klm\n");
	/* Unterminated: to the end. */
	check("a<!-- open", 72, "a\n");
	check("a<script>b", 72, "a\n");
	check("a<style>b", 72, "a\n");
	/* Other raw-text elements that never end are ignored. */
	check("<p>a<title/>b</p><p>c<title>d</p>", 72, "ab\n\ncd\n");
	check("<textarea>x</textarea>y<textarea>z", 72, "yz\n");
	/* An unclosed <head> ends where the body begins. */
	check("<head><title>t</title><p>shown</p>", 72, "shown\n");
	check("<head>junk</head>x", 72, "x\n");
}

void test_html_broken(void)
{
	/* Unclosed inline and block tags. */
	check("<p>unclosed <b>bold <i>it<p>next<div>div", 72,
	    "unclosed bold it\n\nnext\ndiv\n");
	/* A '<' that starts no tag is text. */
	check("a < b, 3<4, <3, a <= b, x<", 72,
	    "a < b, 3<4, <3, a <= b, x<\n");
	check("if a<b then c", 72, "if a<b then c\n");
	check("<p>x</p>a<b", 72, "x\n\na<b\n");
	/* '>' inside quoted attribute values does not end the tag. */
	check("x<a href=\"a>b\" title='>'>link</a>y", 72,
	    "xlink [1]y\n\n[1] a>b\n");
	check("<img alt=\"a > b\">", 72, "a > b\n");
	/* A quote that never closes: the rest is shown as text. */
	check("x<a title=\"open>y", 72, "x<a title=\"open>y\n");
	/* Odd end tags and markup. */
	check("a</>b</ junk>c</p>d</div>e", 72, "abc\n\nd\ne\n");
	check("<p <p>x", 72, "x\n");
	check("<a=b =c>z", 72, "z\n");
	check("<<<>>>", 72, "<<<>>>\n");
	check("<", 72, "<\n");
	check("</", 72, "</\n");
	check("<p", 72, "<p\n");
	/* Stray end tags of lists do no harm. */
	check("</ul></ol></li>x", 72, "x\n");
}

void test_html_wrap(void)
{
	check("one two three four five six seven", 10,
	    "one two\nthree four\nfive six\nseven\n");
	check("one two three four five six seven", 0,
	    "one two three four five six seven\n");
	/* Words longer than the line stand alone, unbroken. */
	check("a supercalifragilistic b", 5, "a\nsupercalifragilistic\nb\n");
	/* Exactly the width fits. */
	check("12345 12345", 11, "12345 12345\n");
	check("12345 12345", 10, "12345\n12345\n");
	/* Inline tags do not break words. */
	check("ab<b>cd</b>ef gh", 6, "abcdef\ngh\n");
	/* UTF-8 takes a column per character. */
	check("\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9", 6,
	    "\xc3\xa9\xc3\xa9\xc3\xa9 \xc3\xa9\xc3\xa9\n");
	/* <wbr> allows a break. */
	check("x<wbr>yyyyy<wbr>zzzz", 6, "xyyyyy\nzzzz\n");
}

void test_html_wide(void)
{
	/* Wide characters take two columns, and may break anywhere. */
	check("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87",
	    6, "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\n"
	    "\xe3\x81\xae\xe6\x96\x87\n");
	/* Combining marks take none. */
	check("e\xcc\x81\xcc\x81\xcc\x81" "e e", 3,
	    "e\xcc\x81\xcc\x81\xcc\x81" "e\ne\n");
}

void test_html_invisible_padding(void)
{
	/* Preview-text padding of invisible characters shows nothing. */
	check("<div>Preview&zwnj;&nbsp;&zwnj;&nbsp;&#847;&zwnj;&nbsp;"
	    "&#8203;</div><p>Body</p>", 72,
	    "Preview\xe2\x80\x8c\n\nBody\n");
}

void test_html_newsletter(void)
{
	static const char html[] =
	    "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 "
	    "Transitional//EN\">\n"
	    "<html><head>\n"
	    "<meta http-equiv=\"Content-Type\" content=\"text/html; "
	    "charset=utf-8\">\n"
	    "<title>Weekly News</title>\n"
	    "<style>body { margin: 0 } .x > td { color: #333 }</style>\n"
	    "</head>\n"
	    "<body style=\"margin:0\">\n"
	    "<!--[if mso]><table><tr><td><![endif]-->\n"
	    "<table role=\"presentation\" width=\"100%\"><tr><td "
	    "align=\"center\">\n"
	    "  <table width=\"600\"><tr><td>\n"
	    "    <h1 style=\"font-size:24px\">The Weekly &amp; More</h1>\n"
	    "    <p>Hello&nbsp;Alice,</p>\n"
	    "    <p>This week at <a href=\"https://example.com/?utm=1&amp;"
	    "x=2\">Example&nbsp;Corp</a> we&rsquo;ve shipped three things "
	    "&mdash; here they are:</p>\n"
	    "    <ul>\n"
	    "      <li><strong>Faster</strong> builds</li>\n"
	    "      <li>A new <a href=\"https://example.com/docs\">manual"
	    "</a></li>\n"
	    "      <li>Fewer bugs</li>\n"
	    "    </ul>\n"
	    "    <p><a href=\"https://example.com/?utm=1&amp;x=2\"><img "
	    "src=\"btn.png\" alt=\"Read more\" width=\"200\"></a></p>\n"
	    "  </td></tr></table>\n"
	    "  <table width=\"600\"><tr>\n"
	    "    <td><a href=\"https://example.com/unsub\">Unsubscribe</a>"
	    "</td>\n"
	    "    <td>&copy; 2024 Example</td>\n"
	    "  </tr></table>\n"
	    "</td></tr></table>\n"
	    "<!--[if mso]></td></tr></table><![endif]-->\n"
	    "</body></html>\n";
	static const char want[] =
	    "The Weekly & More\n"
	    "\n"
	    "Hello Alice,\n"
	    "\n"
	    "This week at Example Corp [1] we\xe2\x80\x99ve shipped three\n"
	    "things \xe2\x80\x94 here they are:\n"
	    "\n"
	    "* Faster builds\n"
	    "* A new manual [2]\n"
	    "* Fewer bugs\n"
	    "\n"
	    "Read more [1]\n"
	    "\n"
	    "Unsubscribe [3] | \xc2\xa9 2024 Example\n"
	    "\n"
	    "[1] https://example.com/?utm=1&x=2\n"
	    "[2] https://example.com/docs\n"
	    "[3] https://example.com/unsub\n";

	check(html, 50, want);
}

void test_html_one_final_newline(void)
{
	char *s;
	size_t n;

	s = render("<p>a</p><p></p><br><br><pre>\n\n</pre><div></div>", 72);
	n = strlen(s);
	T_STREQ(s, "a\n");
	T_OK(n > 0 && s[n - 1] == '\n');
	free(s);
	s = render("<pre>x\n\n\n</pre>\n\n<p> </p>", 72);
	T_STREQ(s, "x\n");
	free(s);
}

void test_html_deep_nesting(void)
{
	struct pst_buf in = { 0 }, out = { 0 };
	size_t i;

	/* 100000 nested lists and quotes: bounded state, no recursion. */
	for (i = 0; i < 100000; i++)
		pst_buf_adds(&in, i % 2 ? "<ul><li>" : "<blockquote>");
	pst_buf_adds(&in, "deep");
	for (i = 0; i < 100000; i++)
		pst_buf_adds(&in, i % 2 ? "</li></ul>" : "</blockquote>");
	pst_buf_adds(&in, "<p>out</p>");
	pst_html_to_text(in.p, in.len, 40, &out);
	T_OK(out.len > 0 && out.len < 1000);
	T_OK(strstr(out.p, "deep\n") != NULL);
	T_OK(out.len >= 5 && memcmp(out.p + out.len - 5, "\nout\n", 5) == 0);
	pst_buf_reset(&out);

	/* Many unclosed inline tags and divs. */
	pst_buf_reset(&in);
	for (i = 0; i < 100000; i++)
		pst_buf_adds(&in, "<div><b><span>");
	pst_buf_adds(&in, "x");
	pst_html_to_text(in.p, in.len, 40, &out);
	T_STREQ(pst_buf_str(&out), "x\n");
	pst_buf_free(&in);
	pst_buf_free(&out);
}

void test_html_control_bytes(void)
{
	/* Bytes are passed on for the sanitiser; NULs too. */
	struct pst_buf out = { 0 };

	pst_html_to_text("a\0b\x1b[1m", 7, 72, &out);
	T_MEMEQ(out.p, out.len, "a\0b\x1b[1m\n", 8);
	pst_buf_free(&out);
	/* Invalid UTF-8 passes through unchanged, a column a byte. */
	check("\xff\xfe \xc3", 72, "\xff\xfe \xc3\n");
}

static void
check_meta(const char *html, int want_rc, const char *want)
{
	char cs[32];
	int rc;

	memset(cs, 'x', sizeof cs);
	rc = pst_html_meta_charset(html, strlen(html), cs, sizeof cs);
	T_INTEQ(rc, want_rc);
	if (rc == 0 && want_rc == 0)
		T_STREQ(cs, want);
}

void test_html_meta_charset(void)
{
	check_meta("<html><head><meta charset=\"ISO-8859-1\"></head>", 0,
	    "ISO-8859-1");
	check_meta("<META CHARSET=utf-8>", 0, "utf-8");
	check_meta("<meta charset='windows-1252'/>", 0, "windows-1252");
	check_meta("<meta http-equiv=\"Content-Type\" content=\"text/html; "
	    "charset=koi8-r\">", 0, "koi8-r");
	check_meta("<meta content=\"text/html;charset = 'Shift_JIS'\" "
	    "http-equiv=content-type>", 0, "Shift_JIS");
	check_meta("<meta name=\"viewport\" content=\"width=device-width\">"
	    "<meta charset=\"big5\">", 0, "big5");
	/* No charset, or not in a meta tag, or in a comment. */
	check_meta("<html><body>charset=utf-8</body>", -1, NULL);
	check_meta("<meta http-equiv=\"refresh\" content=\"0; charset=x\">",
	    -1, NULL);
	check_meta("<!-- <meta charset=\"x\"> --><p>", -1, NULL);
	check_meta("<meta charset=\"\">", -1, NULL);
	check_meta("<meta charset=\"utf-8", -1, NULL);
	check_meta("", -1, NULL);
	/* Too long for the buffer. */
	check_meta("<meta charset=\"a-very-long-charset-name-that-won't-fit\">",
	    -1, NULL);
}

void test_html_meta_charset_window(void)
{
	struct pst_buf in = { 0 };
	char cs[16];
	size_t i;

	for (i = 0; i < 5000; i++)
		pst_buf_addc(&in, ' ');
	pst_buf_adds(&in, "<meta charset=\"utf-8\">");
	T_INTEQ(pst_html_meta_charset(in.p, in.len, cs, sizeof cs), -1);
	/* Cut off by the window's end. */
	pst_buf_reset(&in);
	for (i = 0; i < 4080; i++)
		pst_buf_addc(&in, ' ');
	pst_buf_adds(&in, "<meta charset=\"utf-8\">");
	T_INTEQ(pst_html_meta_charset(in.p, in.len, cs, sizeof cs), -1);
	T_INTEQ(pst_html_meta_charset(in.p + 100, in.len - 100, cs, sizeof cs),
	    0);
	T_STREQ(cs, "utf-8");
	T_INTEQ(pst_html_meta_charset(in.p + 100, in.len - 100, cs, 5), -1);
	T_INTEQ(pst_html_meta_charset(in.p + 100, in.len - 100, cs, 6), 0);
	pst_buf_free(&in);
}
