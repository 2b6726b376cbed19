/* charset: conversion of text to UTF-8, and UTF-8 checks. */
#ifndef PST_CHARSET_H
#define PST_CHARSET_H

#include <stddef.h>

#include "buf.h"

/* Convert len bytes of text in charset cs to UTF-8, appending to out.
 * Bytes that do not convert become U+FFFD and conversion goes on to the end
 * of the input: nothing after a bad byte is ever dropped. Charset names are
 * matched case-insensitively, with common aliases (gb2312 read as GB18030,
 * iso-8859-1 and us-ascii read as windows-1252 where 8-bit bytes appear,
 * ks_c_5601-1987 as CP949, ...). A NULL or empty cs, "utf-8" or "us-ascii"
 * with only ASCII bytes are taken as UTF-8. Returns 0, or -1 when iconv does
 * not know cs; then the input was appended as repaired UTF-8
 * (pst_utf8_repair) so the caller still has text to show. */
int pst_charset_to_utf8(const char *cs, const char *in, size_t len,
    struct pst_buf *out);

/* Whether iconv can convert from charset cs (after alias mapping). */
int pst_charset_known(const char *cs);

/* Append in to out, replacing each byte that does not start a valid,
 * shortest-form UTF-8 sequence (no surrogates, <= U+10FFFF) by U+FFFD. */
void pst_utf8_repair(const char *in, size_t len, struct pst_buf *out);

/* The length (1-4) of the valid UTF-8 sequence at the start of p[0..n),
 * or 0 when it is not one (n == 0 included). If cp is not NULL it gets the
 * code point. */
size_t pst_utf8_decode(const char *p, size_t n, unsigned long *cp);

/* Whether every byte of p[0..n) is ASCII (below 0x80). */
int pst_ascii_only(const char *p, size_t n);

/* Whether p[0..n) is entirely valid UTF-8. */
int pst_utf8_valid(const char *p, size_t n);

#endif
