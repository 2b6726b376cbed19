#!/usr/bin/env python3
"""Write a deterministic Maildir of realistic messages, for bench/run.

usage: gen-maildir.py [-n COUNT] [-s SEED] DIR

The mix follows what a real mailbox holds: plain notes (us-ascii, UTF-8 in
quoted-printable), replies quoting their thread, newsletters as
multipart/alternative text + HTML, a few HTML-only mails, mail in legacy
charsets (ISO-8859-1/-2, KOI8-R, Shift_JIS, GB2312) with RFC 2047 names and
subjects, format=flowed, messages with PDF/PNG/ZIP attachments of 5-200 KiB,
forwarded message/rfc822 parts; most carry a chain of Received headers and a
DKIM signature, many are from mailing lists.  The same seed always gives the
same bytes.
"""

import argparse
import base64
import binascii
import os
import random
import sys
import time

HOSTS = ["mx1.example.net", "mail.example.org", "smtp.example.com",
         "relay.lists.example.org", "out.mailer.example.io",
         "mx.mail.example.de", "gw.example.jp", "post.example.ru"]
DOMAINS = ["example.com", "example.org", "example.net", "lists.example.org",
           "mail.example.de", "example.fr", "example.pl", "example.ru",
           "example.jp", "example.cn", "news.example.io"]
LISTS = [("dev", "Development of the frobnicator"),
         ("users", "User questions and answers"),
         ("announce", "Release announcements"),
         ("security", "Security advisories"),
         ("hackers", "Kernel hackers")]

NAMES_ASCII = ["Alice Johnson", "Bob Smith", "Carol White", "Dave Brown",
               "Erin Davis", "Frank Miller", "Grace Wilson", "Heidi Moore",
               "Ivan Taylor", "Judy Anderson", "Mallory Thomas",
               "Oscar Jackson", "Peggy Martin", "Trent Lee", "Victor Harris",
               "Walter Clark"]
NAMES_UTF8 = ["José García", "Zoë Müller", "Łukasz Wójcik", "Søren Kierkegaard",
              "Dmitri Иванов", "François Lefèvre", "Ærøskøbing Ferry",
              "Jürgen Groß", "Ana María Núñez", "Čestmír Dvořák"]
NAMES_BY_CHARSET = {
    "iso-8859-1": ["Jürgen Weiß", "Renée Dubois", "Andrés Peña", "Björn Åberg"],
    "iso-8859-2": ["Łukasz Wójcik", "Zuzana Čížková", "Grzegorz Brzęczyszczykiewicz"],
    "koi8-r": ["Дмитрий Петров", "Ольга Смирнова", "Сергей Кузнецов"],
    "shift_jis": ["田中 太郎", "佐藤 花子", "鈴木 一郎"],
    "gb2312": ["王 伟", "李 娜", "张 敏"],
}

WORDS = """the be to of and a in that have it for not on with he as you do at
this but his by from they we say her she or an will my one all would there
their what so up out if about who get which go me when make can like time no
just him know take people into year your good some could them see other than
then now look only come its over think also back after use two how our work
first well way even new want because any these give day most us build release
patch kernel server client mailbox message header parser buffer memory test
review merge branch commit fix bug report issue queue deploy config option
default value meeting tomorrow agenda budget quarter invoice schedule draft
update thanks regards please attached document version change support list
network packet latency throughput benchmark cache disk storage backup restore
certificate password account login session token timeout retry error warning
""".split()

SENTENCES = {
    "iso-8859-1": [
        "Grüße aus München, wir sehen uns nächste Woche beim Treffen.",
        "Die Änderungen für das Übersetzungsmodul sind fertig und getestet.",
        "Ça marche très bien, merci beaucoup pour votre réponse rapide.",
        "Le réunion de lundi est déplacée à mardi à 14 h, désolé.",
        "¿Podrías revisar el informe antes del viernes? Gracias, señor.",
        "Vi ses på fredag i Göteborg, hälsningar från Åsa.",
    ],
    "iso-8859-2": [
        "Dzień dobry, przesyłam poprawioną wersję sprawozdania.",
        "Zażółć gęślą jaźń, to zdanie ma wszystkie polskie znaki.",
        "Děkuji za rychlou odpověď, schůzka bude ve čtvrtek.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "Köszönöm szépen, a jelentést holnap küldöm.",
    ],
    "koi8-r": [
        "Добрый день, высылаю исправленную версию отчёта.",
        "Встреча переносится на четверг, в десять часов утра.",
        "Спасибо за быстрый ответ, всё работает отлично.",
        "Съешь же ещё этих мягких французских булок да выпей чаю.",
        "Пожалуйста, проверьте конфигурацию сервера перед выпуском.",
    ],
    "shift_jis": [
        "お世話になっております。資料を添付いたします。",
        "来週の会議は木曜日の午後三時からに変更になりました。",
        "ご確認のほど、よろしくお願いいたします。",
        "サーバーの設定を変更しましたので、テストをお願いします。",
        "本日はありがとうございました。引き続きよろしくお願いします。",
    ],
    "gb2312": [
        "你好，附件是修改后的报告，请查收。",
        "下周的会议改到星期四下午三点。",
        "谢谢你的快速回复，一切正常。",
        "请在发布之前检查服务器的配置。",
        "祝你周末愉快，我们下周见。",
    ],
}
SUBJECTS_BY_CHARSET = {
    "iso-8859-1": ["Grüße und Änderungen", "Réunion de mardi", "Información del viernes"],
    "iso-8859-2": ["Poprawiona wersja sprawozdania", "Schůzka ve čtvrtek"],
    "koi8-r": ["Отчёт за квартал", "Встреча в четверг"],
    "shift_jis": ["会議の日程について", "資料送付のご案内"],
    "gb2312": ["关于下周的会议", "报告修改版"],
}
UTF8_BITS = ["naïve café", "résumé", "Ünïcödé", "smörgåsbord", "déjà vu",
             "“quoted”", "it’s", "— dash —", "… ellipsis", "€100", "½ price",
             "→ next", "✓ done", "日本語", "Ελληνικά", "Привет"]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.msgids = []

    # ---- small pieces ---------------------------------------------------

    def words(self, n):
        r = self.r
        return " ".join(r.choice(WORDS) for _ in range(n))

    def sentence(self, utf8=False):
        r = self.r
        s = self.words(r.randint(5, 18))
        if utf8 and r.random() < 0.4:
            s += " " + r.choice(UTF8_BITS) + " " + self.words(r.randint(2, 6))
        return s[0].upper() + s[1:] + r.choice([".", ".", ".", "?", "!"])

    def paragraph(self, utf8=False):
        return " ".join(self.sentence(utf8) for _ in range(self.r.randint(2, 7)))

    def wrap(self, text, width=72):
        lines, cur = [], ""
        for w in text.split(" "):
            if cur and len(cur) + 1 + len(w) > width:
                lines.append(cur)
                cur = w
            else:
                cur = cur + " " + w if cur else w
        if cur:
            lines.append(cur)
        return lines

    def body_text(self, size, utf8=False):
        """Plain text paragraphs wrapped at 72, about size bytes."""
        out, n = [], 0
        while n < size:
            p = self.wrap(self.paragraph(utf8))
            out.extend(p)
            out.append("")
            n += sum(len(x) + 1 for x in p) + 1
        return "\n".join(out)

    def size(self, median, lo, hi):
        v = int(self.r.lognormvariate(0, 0.9) * median)
        return max(lo, min(hi, v))

    def addr(self, name=None):
        r = self.r
        if name is None:
            name = r.choice(NAMES_ASCII)
        local = name.split()[0].lower().encode("ascii", "ignore").decode()
        local = local or "user%d" % r.randint(1, 999)
        return name, "%s@%s" % (local, r.choice(DOMAINS))

    def msgid(self, t):
        r = self.r
        m = "<%d.%x@%s>" % (t, r.getrandbits(48), r.choice(DOMAINS))
        self.msgids.append(m)
        return m

    # ---- header encoding --------------------------------------------------

    def ew(self, text, charset):
        """text as RFC 2047 encoded-words (B or Q), each at most 75 chars."""
        r = self.r
        q = r.random() < 0.5
        words, chunk = [], ""
        for ch in text:
            t = chunk + ch
            raw = t.encode(charset)
            enc = len(binascii.b2a_qp(raw, header=True)) * 1.3 if q \
                else (len(raw) + 2) // 3 * 4
            if chunk and enc > 75 - len(charset) - 7:
                words.append(chunk)
                chunk = ch
            else:
                chunk = t
        if chunk:
            words.append(chunk)
        out = []
        for w in words:
            raw = w.encode(charset)
            if q:
                e = binascii.b2a_qp(raw, header=True).decode("ascii")
                e = e.replace("=\n", "").replace("?", "=3F")
                e = e.replace("\t", "=09").replace('"', "=22")
                out.append("=?%s?Q?%s?=" % (charset.upper(), e))
            else:
                out.append("=?%s?B?%s?=" % (charset, base64.b64encode(raw).decode()))
        return "\n ".join(out)

    def hname(self, name, charset="utf-8"):
        try:
            name.encode("ascii")
            if any(c in name for c in ",.;:"):
                return '"%s"' % name
            return name
        except UnicodeEncodeError:
            return self.ew(name, charset)

    def haddr(self, pair, charset="utf-8"):
        return "%s <%s>" % (self.hname(pair[0], charset), pair[1])

    def hsubject(self, s, charset="utf-8"):
        try:
            s.encode("ascii")
            return s
        except UnicodeEncodeError:
            return self.ew(s, charset)

    @staticmethod
    def date(t):
        return time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(t))

    # ---- envelope ---------------------------------------------------------

    def transport_headers(self, t, listy):
        r = self.r
        h = []
        hops = r.randint(2, 6)
        for i in range(hops):
            a, b = r.choice(HOSTS), r.choice(HOSTS)
            ip = "%d.%d.%d.%d" % (r.randint(1, 223), r.randint(0, 255),
                                  r.randint(0, 255), r.randint(1, 254))
            h.append("Received: from %s (%s [%s])\n\tby %s (Postfix) with "
                     "ESMTPS id %X\n\tfor <me@example.com>; %s"
                     % (a, a, ip, b, r.getrandbits(40),
                        self.date(t - 5 * (hops - i))))
        if r.random() < 0.75:
            sig = base64.b64encode(r.randbytes(256)).decode()
            bh = base64.b64encode(r.randbytes(32)).decode()
            lines = [sig[i:i + 70] for i in range(0, len(sig), 70)]
            h.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\n"
                     "\td=%s; s=selector1; t=%d;\n"
                     "\th=from:to:subject:date:message-id:mime-version;\n"
                     "\tbh=%s;\n\tb=%s" % (r.choice(DOMAINS), t, bh,
                                           "\n\t ".join(lines)))
            h.append("Authentication-Results: mx1.example.net;\n"
                     "\tdkim=pass header.d=example.org;\n"
                     "\tspf=pass smtp.mailfrom=example.org;\n"
                     "\tdmarc=pass (p=none dis=none) header.from=example.org")
        if r.random() < 0.2:
            seal = base64.b64encode(r.randbytes(256)).decode()
            h.append("ARC-Seal: i=1; a=rsa-sha256; t=%d; cv=none;\n"
                     "\td=example.com; s=arc-20160816;\n\tb=%s"
                     % (t, "\n\t ".join(seal[i:i + 70]
                                        for i in range(0, len(seal), 70))))
        if listy:
            name, desc = r.choice(LISTS)
            dom = "lists.example.org"
            h += ["List-Id: %s <%s.%s>" % (desc, name, dom),
                  "List-Unsubscribe: <mailto:%s-request@%s?subject=unsubscribe>,\n"
                  "\t<https://%s/mailman/options/%s>" % (name, dom, dom, name),
                  "List-Archive: <https://%s/pipermail/%s/>" % (dom, name),
                  "List-Post: <mailto:%s@%s>" % (name, dom),
                  "List-Help: <mailto:%s-request@%s?subject=help>" % (name, dom),
                  "List-Subscribe: <https://%s/mailman/listinfo/%s>,\n"
                  "\t<mailto:%s-request@%s?subject=subscribe>" % (dom, name, name, dom),
                  "Precedence: list",
                  "Errors-To: %s-bounces@%s" % (name, dom),
                  "Sender: \"%s\" <%s-bounces@%s>" % (name, name, dom)]
        if r.random() < 0.3:
            h.append("X-Spam-Status: No, score=-%0.1f required=5.0 "
                     "tests=BAYES_00,DKIM_SIGNED,\n\tDKIM_VALID,SPF_PASS "
                     "autolearn=ham" % (r.random() * 5))
        return h

    def head(self, t, frm, subject, charset="utf-8", listy=False,
             reply_to=None, extra=(), transport=True):
        r = self.r
        h = self.transport_headers(t, listy) if transport else []
        h.append("Date: " + self.date(t))
        h.append("From: " + self.haddr(frm, charset))
        tos = [self.addr() for _ in range(r.choice([1, 1, 1, 2, 3]))]
        h.append("To: " + ",\n\t".join(self.haddr(a) for a in tos))
        if r.random() < 0.2:
            h.append("Cc: " + self.haddr(self.addr(r.choice(NAMES_UTF8))))
        h.append("Subject: " + self.hsubject(subject, charset))
        h.append("Message-ID: " + self.msgid(t))
        if reply_to:
            h.append("In-Reply-To: " + reply_to[-1])
            h.append("References: " + "\n\t".join(reply_to))
        if r.random() < 0.3:
            h.append("User-Agent: " + r.choice(
                ["Mutt/2.2.9 (2022-11-12)", "Mozilla Thunderbird 115.3",
                 "Microsoft Outlook 16.0", "aerc 0.16.0", "Apple Mail (2.3731)"]))
        h.extend(extra)
        h.append("MIME-Version: 1.0")
        return h

    @staticmethod
    def join(headers, ctype_lines, body):
        """The message: header lines, the part headers, a blank line, body."""
        return ("\n".join(list(headers) + list(ctype_lines)) + "\n\n" + body)

    # ---- bodies -----------------------------------------------------------

    @staticmethod
    def qp(text, charset="utf-8"):
        return binascii.b2a_qp(text.encode(charset), istext=True).decode("ascii")

    @staticmethod
    def b64(data):
        return base64.encodebytes(data).decode("ascii")

    def subject(self):
        s = self.words(self.r.randint(2, 8))
        return s[0].upper() + s[1:]

    def signature(self):
        return "\n-- \n%s\n%s\n" % (self.r.choice(NAMES_ASCII),
                                    self.words(self.r.randint(3, 8)))

    def html_page(self, size):
        """A newsletter's HTML: a table layout, a style sheet, links,
        images, entities, about size bytes."""
        r = self.r
        parts = ["<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" "
                 "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
                 "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>\n"
                 "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
                 "<title>%s</title>\n<style type=\"text/css\">\n" % self.subject()]
        for i in range(r.randint(10, 40)):
            parts.append(".c%d { font-family: Helvetica, Arial, sans-serif; "
                         "font-size: %dpx; color: #%06x; padding: %dpx; }\n"
                         % (i, r.randint(10, 20), r.getrandbits(24), r.randint(0, 20)))
        parts.append("@media only screen and (max-width: 600px) { .wrap { width: "
                     "100%% !important; } }\n</style></head>\n<body style=\"margin:0;"
                     "padding:0;background:#f4f4f4\">\n<table role=\"presentation\" "
                     "width=\"100%%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">"
                     "<tr><td align=\"center\">\n<table class=\"wrap\" width=\"600\" "
                     "cellpadding=\"0\" cellspacing=\"0\">\n")
        n = sum(len(p) for p in parts)
        while n < size:
            url = "https://click.news.example.io/ls/click?upn=%s" % \
                base64.urlsafe_b64encode(r.randbytes(r.randint(60, 180))).decode()
            block = ("<tr><td class=\"c%d\" style=\"padding:20px 30px;"
                     "background:#ffffff\">\n<h2 style=\"margin:0 0 10px;"
                     "font-size:22px\">%s</h2>\n"
                     "<img src=\"https://img.example.io/%x.png\" width=\"540\" "
                     "height=\"200\" alt=\"%s\" style=\"display:block\">\n"
                     "<p style=\"margin:0 0 12px;line-height:1.5\">%s &mdash; "
                     "%s&nbsp;&amp; %s &#8220;%s&#8221;</p>\n"
                     "<p><a href=\"%s\" style=\"color:#1a73e8\">Read more&nbsp;&rarr;</a>"
                     "</p>\n</td></tr>\n"
                     % (r.randint(0, 9), self.subject(), r.getrandbits(64),
                        self.words(3), self.paragraph(True), self.sentence(True),
                        self.words(4), self.words(3), url))
            parts.append(block)
            n += len(block)
        parts.append("<tr><td style=\"font-size:11px;color:#888\">You receive this "
                     "because you subscribed.<br><a href=\"https://news.example.io/"
                     "unsubscribe?u=%x\">Unsubscribe</a> | <a href=\"https://"
                     "news.example.io/prefs\">Preferences</a><br>&copy; 2024 "
                     "Example&nbsp;Inc., 1 Main St</td></tr>\n</table>\n</td></tr>"
                     "</table>\n</body></html>\n" % r.getrandbits(64))
        return "".join(parts)

    def html_text_version(self, size):
        out = []
        n = 0
        while n < size:
            s = "%s\n\n%s\n\nRead more: https://click.news.example.io/ls/%x\n\n" % (
                self.subject().upper(), "\n".join(self.wrap(self.paragraph(True))),
                self.r.getrandbits(64))
            out.append(s)
            n += len(s)
        out.append("Unsubscribe: https://news.example.io/unsubscribe\n")
        return "".join(out)

    def boundary(self):
        return "----=_Part_%d_%x.%d" % (self.r.randint(1, 99999),
                                        self.r.getrandbits(32), self.r.randint(1, 10**12))

    # ---- message kinds ----------------------------------------------------

    def plain_ascii(self, t):
        r = self.r
        h = self.head(t, self.addr(), self.subject(), listy=r.random() < 0.35)
        body = self.body_text(self.size(1200, 80, 40000)) + self.signature()
        return self.join(h, ["Content-Type: text/plain; charset=us-ascii",
                             "Content-Transfer-Encoding: 7bit"], body)

    def plain_utf8(self, t):
        r = self.r
        frm = self.addr(r.choice(NAMES_UTF8))
        subj = self.subject() + " " + r.choice(UTF8_BITS)
        h = self.head(t, frm, subj, listy=r.random() < 0.3)
        text = self.body_text(self.size(1500, 100, 40000), utf8=True) + self.signature()
        if r.random() < 0.7:
            return self.join(h, ["Content-Type: text/plain; charset=UTF-8",
                                 "Content-Transfer-Encoding: quoted-printable"],
                             self.qp(text))
        return self.join(h, ["Content-Type: text/plain; charset=utf-8",
                             "Content-Transfer-Encoding: 8bit"], text)

    def reply(self, t):
        r = self.r
        refs = r.sample(self.msgids, min(len(self.msgids), r.randint(1, 6))) \
            if self.msgids else ["<root@example.com>"]
        subj = "Re: " + self.subject()
        utf8 = r.random() < 0.4
        h = self.head(t, self.addr(), subj, listy=r.random() < 0.5, reply_to=refs)
        out = [self.body_text(self.size(500, 60, 6000), utf8).rstrip("\n"), ""]
        depth = r.randint(1, 4)
        for d in range(1, depth + 1):
            out.append("%s> On %s, %s wrote:" % ("> " * (d - 1), self.date(t - d * 3600),
                                                r.choice(NAMES_ASCII)))
            for line in self.body_text(self.size(800, 100, 8000), utf8).split("\n"):
                out.append(("> " * d + line).rstrip())
            if r.random() < 0.5:
                out.append("")
                out.append(self.body_text(self.size(200, 40, 1000), utf8).rstrip("\n"))
        text = "\n".join(out) + "\n" + self.signature()
        if utf8 and r.random() < 0.6:
            return self.join(h, ["Content-Type: text/plain; charset=utf-8",
                                 "Content-Transfer-Encoding: quoted-printable"],
                             self.qp(text))
        cs = "utf-8" if utf8 else "us-ascii"
        return self.join(h, ["Content-Type: text/plain; charset=" + cs,
                             "Content-Transfer-Encoding: 8bit"], text)

    def flowed(self, t):
        r = self.r
        h = self.head(t, self.addr(), "Re: " + self.subject(),
                      listy=r.random() < 0.4,
                      reply_to=[self.msgids[-1]] if self.msgids else None)
        lines = []
        for _ in range(r.randint(2, 8)):
            for w in self.wrap(self.paragraph(True), r.choice([66, 72, 76])):
                lines.append(w + " ")
            lines[-1] = lines[-1].rstrip(" ")
            lines.append("")
        lines.append("On %s, %s wrote:" % (self.date(t - 7200), r.choice(NAMES_ASCII)))
        for _ in range(r.randint(1, 4)):
            q = self.wrap(self.paragraph(), 70)
            lines += ["> " + w + " " for w in q]
            lines[-1] = lines[-1].rstrip(" ")
            lines.append(">")
        if lines and lines[-1] == ">":
            lines.pop()
        text = "\n".join(lines) + "\n" + self.signature()
        if r.random() < 0.5:
            return self.join(h, ["Content-Type: text/plain; charset=utf-8; "
                                 "format=flowed; delsp=no",
                                 "Content-Transfer-Encoding: 8bit"], text)
        return self.join(h, ["Content-Type: text/plain; charset=UTF-8; format=flowed",
                             "Content-Transfer-Encoding: quoted-printable"], self.qp(text))

    def legacy(self, t):
        r = self.r
        cs = r.choice(["iso-8859-1", "iso-8859-1", "iso-8859-2", "koi8-r",
                       "shift_jis", "gb2312"])
        frm = self.addr(r.choice(NAMES_BY_CHARSET[cs]))
        subj = r.choice(SUBJECTS_BY_CHARSET[cs])
        h = self.head(t, frm, subj, charset=cs, listy=r.random() < 0.2)
        sents = SENTENCES[cs]
        paras = []
        for _ in range(r.randint(2, 12)):
            p = " ".join(r.choice(sents) for _ in range(r.randint(1, 5)))
            if cs in ("shift_jis", "gb2312"):
                p = "\n".join(p[i:i + 36] for i in range(0, len(p), 36))
            else:
                p = "\n".join(self.wrap(p))
            paras.append(p)
        text = "\n\n".join(paras) + "\n\n-- \n" + frm[0] + "\n"
        raw = text.encode(cs)
        label = {"shift_jis": "Shift_JIS", "gb2312": "GB2312",
                 "koi8-r": "KOI8-R"}.get(cs, cs.upper())
        cte = r.choice(["8bit", "quoted-printable", "base64"])
        if cs == "gb2312" or cs == "shift_jis":
            cte = r.choice(["base64", "base64", "8bit"])
        if cte == "8bit":
            # The bytes as they are: surrogateescape gives them back
            # unchanged when the message is written.
            body = raw.decode("utf-8", "surrogateescape")
        elif cte == "quoted-printable":
            body = binascii.b2a_qp(raw, istext=True).decode("ascii")
        else:
            body = self.b64(raw)
        return self.join(h, ["Content-Type: text/plain; charset=\"%s\"" % label,
                             "Content-Transfer-Encoding: " + cte], body)

    def alternative_part(self, size, b):
        """A multipart/alternative text + HTML part body, with boundary b."""
        r = self.r
        html = self.html_page(size)
        text = self.html_text_version(max(500, size // 8))
        hcte = "base64" if r.random() < 0.25 else "quoted-printable"
        hbody = self.b64(html.encode()) if hcte == "base64" else self.qp(html)
        return ("--%s\nContent-Type: text/plain; charset=utf-8\n"
                "Content-Transfer-Encoding: quoted-printable\n\n%s\n"
                "--%s\nContent-Type: text/html; charset=utf-8\n"
                "Content-Transfer-Encoding: %s\n\n%s\n--%s--\n"
                % (b, self.qp(text), b, hcte, hbody, b))

    def newsletter(self, t):
        r = self.r
        frm = ("Example News", "news@news.example.io")
        h = self.head(t, frm, self.subject() + " " + r.choice(UTF8_BITS),
                      listy=r.random() < 0.5,
                      extra=["List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                             "X-Mailer: Mailchimp Mailer - **CID%x**" % r.getrandbits(40),
                             "Feedback-ID: %d:%d:mc" % (r.randint(1, 9999),
                                                        r.randint(1, 9999))])
        b = self.boundary()
        return self.join(h, ["Content-Type: multipart/alternative;\n\tboundary=\"%s\"" % b],
                         "This is a multi-part message in MIME format.\n\n" +
                         self.alternative_part(self.size(22000, 4000, 200000), b))

    def html_only(self, t):
        r = self.r
        h = self.head(t, self.addr(), self.subject(), listy=r.random() < 0.3)
        html = self.html_page(self.size(8000, 1500, 80000))
        return self.join(h, ["Content-Type: text/html; charset=\"utf-8\"",
                             "Content-Transfer-Encoding: quoted-printable"], self.qp(html))

    def attachment(self):
        """(headers, body) of an attachment of 5 to 200 KiB."""
        r = self.r
        n = int(5 * 1024 * (40 ** r.random()))       # log-uniform 5..200 KiB
        kind = r.choice(["pdf", "pdf", "png", "png", "jpg", "zip", "docx"])
        if kind == "pdf":
            data = (b"%%PDF-1.5\n%%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog "
                    b"/Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Length %d /Filter "
                    b"/FlateDecode >>\nstream\n" % n) + r.randbytes(n) + \
                b"\nendstream\nendobj\n%%EOF\n"
            ctype, name = "application/pdf", "report-%d.pdf" % r.randint(1, 99)
        elif kind == "png":
            data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + r.randbytes(n)
            ctype, name = "image/png", "screenshot-%d.png" % r.randint(1, 999)
        elif kind == "jpg":
            data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + r.randbytes(n)
            ctype, name = "image/jpeg", "IMG_%04d.JPG" % r.randint(1, 9999)
        elif kind == "zip":
            data = b"PK\x03\x04" + r.randbytes(n)
            ctype, name = "application/zip", "logs-%d.zip" % r.randint(1, 99)
        else:
            data = b"PK\x03\x04" + r.randbytes(n)
            ctype = ("application/vnd.openxmlformats-officedocument."
                     "wordprocessingml.document")
            name = "Übersicht %d.docx" % r.randint(1, 9)
        try:
            name.encode("ascii")
            disp = "attachment; filename=\"%s\"" % name
            ct = "%s; name=\"%s\"" % (ctype, name)
        except UnicodeEncodeError:
            enc = "".join(c if c.isalnum() and c.isascii() else
                          "".join("%%%02X" % b for b in c.encode()) for c in name)
            disp = "attachment;\n\tfilename*=UTF-8''%s" % enc
            ct = "%s;\n\tname=\"%s\"" % (ctype, self.ew(name, "utf-8"))
        if kind in ("png", "jpg") and r.random() < 0.3:
            disp = disp.replace("attachment", "inline", 1)
        return (["Content-Type: " + ct, "Content-Disposition: " + disp,
                 "Content-Transfer-Encoding: base64"], self.b64(data))

    def with_attachments(self, t):
        r = self.r
        h = self.head(t, self.addr(r.choice(NAMES_ASCII + NAMES_UTF8)),
                      r.choice(["", "Fwd: ", "Re: "]) + self.subject(),
                      listy=r.random() < 0.1)
        b = self.boundary()
        parts = []
        if r.random() < 0.3:
            b2 = self.boundary()
            parts.append("Content-Type: multipart/alternative; boundary=\"%s\"\n\n%s"
                         % (b2, self.alternative_part(self.size(3000, 800, 20000), b2)))
        else:
            text = self.body_text(self.size(600, 60, 5000), True) + self.signature()
            parts.append("Content-Type: text/plain; charset=utf-8\n"
                         "Content-Transfer-Encoding: quoted-printable\n\n" + self.qp(text))
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            ah, ab = self.attachment()
            parts.append("\n".join(ah) + "\n\n" + ab)
        body = "".join("--%s\n%s\n" % (b, p) for p in parts) + "--%s--\n" % b
        return self.join(h, ["Content-Type: multipart/mixed; boundary=\"%s\"" % b], body)

    def forward(self, t):
        r = self.r
        inner_t = t - r.randint(3600, 86400 * 30)
        if r.random() < 0.5:
            inner = self.plain_utf8(inner_t)
        else:
            inner = self.legacy(inner_t)
        h = self.head(t, self.addr(), "Fwd: " + self.subject())
        b = self.boundary()
        text = "FYI, see the message below.\n\n" + self.body_text(200) + self.signature()
        body = ("--%s\nContent-Type: text/plain; charset=us-ascii\n\n%s\n"
                "--%s\nContent-Type: message/rfc822\n"
                "Content-Disposition: inline\n\n%s\n--%s--\n"
                % (b, text, b, inner, b))
        return self.join(h, ["Content-Type: multipart/mixed; boundary=\"%s\"" % b], body)

    KINDS = [("plain_ascii", 24), ("plain_utf8", 12), ("reply", 18),
             ("newsletter", 14), ("html_only", 3), ("legacy", 10),
             ("flowed", 7), ("with_attachments", 9), ("forward", 3)]

    def message(self, t):
        kinds, weights = zip(*self.KINDS)
        kind = self.r.choices(kinds, weights)[0]
        return kind, getattr(self, kind)(t)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=10000, help="messages (10000)")
    ap.add_argument("-s", "--seed", type=int, default=1, help="seed (1)")
    ap.add_argument("dir")
    a = ap.parse_args()

    g = Gen(a.seed)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(a.dir, sub), exist_ok=True)
    t = 1672531200          # 2023-01-01
    counts = {}
    total = 0
    for i in range(a.n):
        t += g.r.randint(60, 6000)
        kind, msg = g.message(t)
        counts[kind] = counts.get(kind, 0) + 1
        # 8bit bodies in legacy charsets ride as surrogate escapes.
        data = msg.encode("utf-8", "surrogateescape")
        base = "%d.%d_%d.posta-bench" % (t, 4000 + i % 30000, i)
        if i >= a.n - a.n // 20:            # the newest 5% not yet seen
            path = os.path.join(a.dir, "new", base)
        else:
            flags = g.r.choice(["S", "S", "S", "RS", "FS", "S", ""])
            path = os.path.join(a.dir, "cur", base + ":2," + flags)
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
    sys.stderr.write("gen-maildir: %d messages, %.1f MiB: %s\n" % (
        a.n, total / 1048576.0,
        ", ".join("%s %d" % kv for kv in sorted(counts.items()))))


if __name__ == "__main__":
    main()
