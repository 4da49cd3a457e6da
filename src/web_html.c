/* web_html.c - escaping, the page frame and the embedded assets (see web.h). */
#include <stdio.h>
#include <string.h>

#include "bitacora/text.h"
#include "web.h"

#ifndef BT_VERSION
#define BT_VERSION "0.0.0"
#endif

const bt_web_asset *bt_web_asset_find(const char *name)
{
    for (const bt_web_asset *a = bt_web_assets; a->name; a++)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

const char *bt_web_content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".html", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".json", "application/json; charset=utf-8"},
        {".csv", "text/csv; charset=utf-8"},
        {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {".zip", "application/zip"},
    };
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

bool bt_web_hidden_char(const unsigned char *p, size_t len)
{
    if (len == 1)
        return p[0] < 0x20 || p[0] == 0x7F;
    if (len == 2)
        return p[0] == 0xC2 && p[1] < 0xA0;
    if (len == 3 && p[0] == 0xE2 && p[1] == 0x80)   /* U+2028, U+2029, U+202A..U+202E */
        return p[2] == 0xA8 || p[2] == 0xA9 || (p[2] >= 0xAA && p[2] <= 0xAE);
    if (len == 3 && p[0] == 0xE2 && p[1] == 0x81)   /* U+2066..U+2069 */
        return p[2] >= 0xA6 && p[2] <= 0xA9;
    return false;
}

size_t bt_web_char_len(unsigned char c)
{
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

void bt_html_escape_n(bt_sb *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        size_t ok = bt_utf8_valid_prefix((const char *)p, (size_t)(end - p));
        if (ok == 0) {
            bt_sb_puts(b, "\xEF\xBF\xBD");
            p++;
            continue;
        }
        const unsigned char *stop = p + ok;
        while (p < stop) {
            size_t len = bt_web_char_len(*p);
            if (*p == '\n' || *p == '\t') {
                bt_sb_putc(b, ' ');
            } else if (bt_web_hidden_char(p, len)) {
                bt_sb_puts(b, "\xEF\xBF\xBD");
            } else {
                switch (*p) {
                case '&': bt_sb_puts(b, "&amp;"); break;
                case '<': bt_sb_puts(b, "&lt;"); break;
                case '>': bt_sb_puts(b, "&gt;"); break;
                case '"': bt_sb_puts(b, "&quot;"); break;
                case '\'': bt_sb_puts(b, "&#39;"); break;
                default: bt_sb_append(b, (const char *)p, len);
                }
            }
            p += len;
        }
    }
}

void bt_html_escape(bt_sb *b, const char *s)
{
    if (s)
        bt_html_escape_n(b, s, strlen(s));
}

bt_err bt_web_fill(bt_sb *out, const char *tmpl, const char *const *values)
{
    const char *p = tmpl;
    for (;;) {
        const char *open = strstr(p, "{{");
        const char *close = open ? strstr(open + 2, "}}") : NULL;
        if (!close) {
            bt_sb_puts(out, p);
            break;
        }
        bt_sb_append(out, p, (size_t)(open - p));
        size_t klen = (size_t)(close - open - 2);
        for (size_t i = 0; values[i]; i += 2) {
            if (strlen(values[i]) == klen && memcmp(values[i], open + 2, klen) == 0) {
                bt_sb_puts(out, values[i + 1]);
                break;
            }
        }
        p = close + 2;
    }
    return out->failed ? BT_ERR_NOMEM : BT_OK;
}

bt_err bt_web_page(bt_sb *out, const char *title, const char *head, const char *content,
                   const char *root, unsigned keep_minutes)
{
    const bt_web_asset *frame = bt_web_asset_find("marco.html");
    if (!frame)
        return BT_ERR_INTERNAL;
    bt_sb t;
    bt_sb_init(&t);
    bt_html_escape(&t, title);
    char keep[16];
    snprintf(keep, sizeof keep, "%u", keep_minutes);
    const char *values[] = {"titulo",    bt_sb_str(&t), "cabeza", head ? head : "",
                            "contenido", content,       "version", BT_VERSION,
                            "conservar", keep,          "raiz",    root,
                            NULL};
    bt_err e = t.failed ? BT_ERR_NOMEM : bt_web_fill(out, (const char *)frame->data, values);
    bt_sb_free(&t);
    return e;
}

void bt_web_size_text(uint64_t bytes, char *buf, size_t size)
{
    if (bytes < 1024)
        snprintf(buf, size, "%llu bytes", (unsigned long long)bytes);
    else if (bytes < 1024 * 1024)
        snprintf(buf, size, "%llu KB", (unsigned long long)((bytes + 1023) / 1024));
    else {
        unsigned long long tenths = (bytes * 10 + 524288) / 1048576;
        snprintf(buf, size, "%llu,%llu MB", tenths / 10, tenths % 10);
    }
}
