/*
 * genref.c - build-time generator of build/gen/refdata.c.
 *
 * Reads data/comunas.csv, data/region_aliases.csv and
 * data/comuna_aliases.csv and writes C tables with every spelling already
 * reduced to its fold key and sorted, so the program does no set-up work
 * and reads no file at run time.  Fails loudly on malformed data or on a
 * key that names two different places.
 *
 * usage: genref DATA_DIR OUT.c
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitacora/text.h"

#define MAXR 32
#define MAXC 1024
#define MAXK 8192

struct region { char code[8], roman[8], name[128]; };
struct comuna { char code[8], name[128]; int region; };
struct key { char key[256]; int index; };

static struct region regions[MAXR];
static int nregions;
static struct comuna comunas[MAXC];
static int ncomunas;
static struct key rkeys[MAXK], ckeys[MAXK];
static int nrkeys, nckeys;

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "genref: %s: %s\n", what, detail);
    exit(1);
}

/* Split a CSV line without quotes into at most max fields. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    if (strchr(line, '"'))
        die("quoted field not supported", line);
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *c = strchr(p, ',');
        if (!c)
            break;
        *c = '\0';
        p = c + 1;
    }
    return n;
}

static FILE *open_data(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open", path);
    return f;
}

static void add_key(struct key *keys, int *n, const char *text, int index,
                    const char *what)
{
    char k[256];
    if (bt_fold_buf(text, k, sizeof k) == (size_t)-1 || !k[0])
        die("cannot fold", text);
    for (int i = 0; i < *n; i++) {
        if (strcmp(keys[i].key, k) == 0) {
            if (keys[i].index != index) {
                fprintf(stderr, "genref: %s key '%s' names two places\n", what, k);
                exit(1);
            }
            return;
        }
    }
    if (*n >= MAXK)
        die("too many keys", what);
    strcpy(keys[*n].key, k);
    keys[*n].index = index;
    (*n)++;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const struct key *)a)->key, ((const struct key *)b)->key);
}

static int region_index(const char *code)
{
    for (int i = 0; i < nregions; i++)
        if (strcmp(regions[i].code, code) == 0)
            return i;
    return -1;
}

static int comuna_index(const char *code)
{
    for (int i = 0; i < ncomunas; i++)
        if (strcmp(comunas[i].code, code) == 0)
            return i;
    return -1;
}

static void put_str(FILE *o, const char *s)
{
    fputc('"', o);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(o, "\\%c", *s);
        else
            fputc(*s, o);
    }
    fputc('"', o);
}

static void read_comunas(const char *dir)
{
    FILE *f = open_data(dir, "comunas.csv");
    char line[1024];
    char *fl[8];
    if (!fgets(line, sizeof line, f))
        die("empty", "comunas.csv");
    while (fgets(line, sizeof line, f)) {
        if (split(line, fl, 8) != 5)
            die("comunas.csv: expected 5 fields", line);
        int r = region_index(fl[0]);
        if (r < 0) {
            if (nregions >= MAXR)
                die("too many regions", fl[0]);
            r = nregions++;
            snprintf(regions[r].code, sizeof regions[r].code, "%s", fl[0]);
            snprintf(regions[r].roman, sizeof regions[r].roman, "%s", fl[1]);
            snprintf(regions[r].name, sizeof regions[r].name, "%s", fl[2]);
        }
        if (ncomunas >= MAXC)
            die("too many comunas", fl[3]);
        if (comuna_index(fl[3]) >= 0)
            die("comuna code repeated", fl[3]);
        struct comuna *c = &comunas[ncomunas++];
        snprintf(c->code, sizeof c->code, "%s", fl[3]);
        snprintf(c->name, sizeof c->name, "%s", fl[4]);
        c->region = r;
    }
    fclose(f);
}

static void read_aliases(const char *dir, const char *name, int regions_file)
{
    FILE *f = open_data(dir, name);
    char line[1024];
    char *fl[4];
    if (!fgets(line, sizeof line, f))
        die("empty", name);
    while (fgets(line, sizeof line, f)) {
        if (split(line, fl, 4) != 2)
            die("expected 2 fields", line);
        if (regions_file) {
            int r = region_index(fl[0]);
            if (r < 0)
                die("unknown region code", fl[0]);
            add_key(rkeys, &nrkeys, fl[1], r, "region");
        } else {
            int c = comuna_index(fl[0]);
            if (c < 0)
                die("unknown comuna code", fl[0]);
            add_key(ckeys, &nckeys, fl[1], c, "comuna");
        }
    }
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: genref DATA_DIR OUT.c\n");
        return 2;
    }
    read_comunas(argv[1]);
    for (int i = 0; i < nregions; i++) {
        add_key(rkeys, &nrkeys, regions[i].name, i, "region");
        add_key(rkeys, &nrkeys, regions[i].code, i, "region");
        add_key(rkeys, &nrkeys, regions[i].roman, i, "region");
    }
    for (int i = 0; i < ncomunas; i++) {
        add_key(ckeys, &nckeys, comunas[i].name, i, "comuna");
        add_key(ckeys, &nckeys, comunas[i].code, i, "comuna");
    }
    read_aliases(argv[1], "region_aliases.csv", 1);
    read_aliases(argv[1], "comuna_aliases.csv", 0);
    qsort(rkeys, (size_t)nrkeys, sizeof rkeys[0], cmp_key);
    qsort(ckeys, (size_t)nckeys, sizeof ckeys[0], cmp_key);

    FILE *o = fopen(argv[2], "w");
    if (!o)
        die("cannot write", argv[2]);
    fprintf(o, "/* Generated by tools/genref.c from the CSV files in data/. Do not edit. */\n"
               "#include \"refdata_tables.h\"\n\n");
    fprintf(o, "const bt_region bt_gen_regions[] = {\n");
    for (int i = 0; i < nregions; i++) {
        char slug_src[300];
        snprintf(slug_src, sizeof slug_src, "%.7s %.128s", regions[i].code, regions[i].name);
        char key[256];
        if (bt_fold_buf(slug_src, key, sizeof key) == (size_t)-1)
            die("cannot fold", slug_src);
        for (char *p = key; *p; p++)
            if (*p == ' ')
                *p = '-';
        fprintf(o, "    {");
        put_str(o, regions[i].code);
        fprintf(o, ", ");
        put_str(o, regions[i].roman);
        fprintf(o, ", ");
        put_str(o, regions[i].name);
        fprintf(o, ", ");
        put_str(o, key);
        /* The official name with its article: "Región del Biobío". */
        char full[300];
        const char *n = regions[i].name;
        if (strncmp(n, "Metropolitana", 13) == 0)
            snprintf(full, sizeof full, "Región %.200s", n);
        else if (strcmp(n, "Biobío") == 0 || strcmp(n, "Maule") == 0 ||
                 strncmp(n, "Libertador", 10) == 0)
            snprintf(full, sizeof full, "Región del %.200s", n);
        else
            snprintf(full, sizeof full, "Región de %.200s", n);
        fprintf(o, ", ");
        put_str(o, full);
        fprintf(o, "},\n");
    }
    fprintf(o, "};\nconst size_t bt_gen_nregions = %d;\n\n", nregions);
    fprintf(o, "const bt_comuna bt_gen_comunas[] = {\n");
    for (int i = 0; i < ncomunas; i++) {
        fprintf(o, "    {");
        put_str(o, comunas[i].code);
        fprintf(o, ", ");
        put_str(o, comunas[i].name);
        fprintf(o, ", %d},\n", comunas[i].region);
    }
    fprintf(o, "};\nconst size_t bt_gen_ncomunas = %d;\n\n", ncomunas);
    fprintf(o, "const bt_refkey bt_gen_region_keys[] = {\n");
    for (int i = 0; i < nrkeys; i++) {
        fprintf(o, "    {");
        put_str(o, rkeys[i].key);
        fprintf(o, ", %d},\n", rkeys[i].index);
    }
    fprintf(o, "};\nconst size_t bt_gen_nregion_keys = %d;\n\n", nrkeys);
    fprintf(o, "const bt_refkey bt_gen_comuna_keys[] = {\n");
    for (int i = 0; i < nckeys; i++) {
        fprintf(o, "    {");
        put_str(o, ckeys[i].key);
        fprintf(o, ", %d},\n", ckeys[i].index);
    }
    fprintf(o, "};\nconst size_t bt_gen_ncomuna_keys = %d;\n", nckeys);
    if (fclose(o) != 0)
        die("cannot write", argv[2]);
    return 0;
}
