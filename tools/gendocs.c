/*
 * gendocs.c - writes docs/sinonimos.md (the labels and synonyms the
 * matcher accepts) and the findings table of README.md from the template
 * description and the code table, so the documentation cannot drift from
 * the program.  `make docs` runs it; a test checks the committed files.
 *
 * usage: gendocs sinonimos|codigos
 */
#include <stdio.h>
#include <string.h>

#include "bitacora/finding.h"
#include "bitacora/template.h"

static void list(const char *const *l)
{
    if (!l || !*l) {
        printf("—");
        return;
    }
    for (int i = 0; l[i]; i++)
        printf("%s«%s»", i ? ", " : "", l[i]);
}

static void synonyms(void)
{
    printf("# Rótulos y sinónimos que reconoce bitacora\n\n"
           "Generado por `tools/gendocs.c` desde la descripción de la plantilla\n"
           "(`src/template.c`); no lo edite a mano (`make docs`).\n\n"
           "Los rótulos se comparan completos, después de normalizar Unicode, pasar a\n"
           "minúsculas, quitar tildes y signos de puntuación; «N°», «Nº», «No.», «Nro.» y\n"
           "«Núm.» cuentan como una misma palabra. Así, «Nº Territorio», «No. territorio»\n"
           "y «N° TERRITORIO» son el mismo rótulo. Un rótulo puede escribirse también con\n"
           "su valor en la misma celda, separado por dos puntos («N° territorio: 3»).\n"
           "Si un rótulo no coincide así, se prueba otra vez quitando puntos y paréntesis\n"
           "sin separar las palabras («Jardín Infantil V.T.F.», «Comuna(s)») y luego\n"
           "quitando las marcas cortas entre paréntesis («Tema(s)» como «Tema»).\n"
           "Los encabezados de sección admiten un número o romano delante («1.», «II.»).\n\n");
    printf("## Secciones\n\n| Sección | Encabezado | Otros encabezados aceptados |\n|---|---|---|\n");
    for (int s = 0; s < BT_SEC__COUNT; s++) {
        const bt_section *sec = bt_tpl_section((bt_section_id)s);
        printf("| %s | «%s%s» | ", sec->title, sec->heading, sec->repeated ? "<n>" : "");
        list(sec->synonyms);
        printf(" |\n");
    }
    printf("\n## Campos\n\n| Sección | Rótulo | Sinónimos | Obligatorio |\n|---|---|---|---|\n");
    for (int f = 0; f < BT_F__COUNT; f++) {
        const bt_field *fd = bt_tpl_field((bt_field_id)f);
        printf("| %s | «%s» | ", bt_tpl_section(fd->section)->title, fd->label);
        list(fd->synonyms);
        if (fd->prefixes) {
            printf("; y todo rótulo que empiece con ");
            list(fd->prefixes);
        }
        printf(" | %s |\n", fd->required ? "sí" : "no");
    }
    static const char *const table_titles[] = {"Programas / modalidades", "Disciplinas",
                                               "Tabla CAETT", "Ámbitos de proyección"};
    for (int t = 0; t < BT_TABLE__COUNT; t++) {
        const bt_table *tb = bt_tpl_table((bt_table_id)t);
        printf("\n## %s\n\nEncabezado de la tabla: ", table_titles[t]);
        for (size_t c = 0; c < tb->ncolumns; c++)
            printf("%s«%s»", c ? " | " : "", tb->columns[c]);
        printf(" (la primera columna también como ");
        list(tb->header_synonyms);
        printf(")\n");
        if (!tb->nitems)
            continue;
        printf("\n| Código | Nombre | Abreviatura | Sinónimos |\n|---|---|---|---|\n");
        for (size_t i = 0; i < tb->nitems; i++) {
            printf("| `%s` | %s | %s | ", tb->items[i].key, tb->items[i].label,
                   tb->items[i].short_label);
            list(tb->items[i].synonyms);
            printf(" |\n");
        }
        if (tb->has_total)
            printf("\nFila opcional «%s» (se verifica contra la suma).\n", bt_tpl_total_label());
    }
}

static void codes(void)
{
    printf("| Código | Severidad | Qué indica | Qué hacer (listas de correcciones) |\n"
           "|---|---|---|---|\n");
    for (int c = 0; c < BT_CODE__COUNT; c++) {
        const bt_code_info *ci = bt_code_info_of((bt_code)c);
        printf("| %s | %s | %s | %s |\n", ci->id,
               ci->severity == BT_SEV_ERROR ? "error" : "aviso", ci->title, ci->todo);
    }
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "sinonimos") == 0)
        synonyms();
    else if (argc == 2 && strcmp(argv[1], "codigos") == 0)
        codes();
    else {
        fprintf(stderr, "usage: gendocs sinonimos|codigos\n");
        return 2;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
