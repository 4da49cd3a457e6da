#!/bin/sh
# benchdata.sh - a synthetic national run for `make bench`.
#
# usage: sh tools/benchdata.sh TERRITORIES DIR
# Writes TERRITORIES logbooks into DIR (one CSV each, ~25 KB like a year of
# a real team's logbook): territories spread over the 16 regions, numbered
# 1, 2, ... within each region, with three real comunas of their region and
# the sessions of samples/valparaiso_t01_aconcagua.csv plus twelve more
# with longer records.  The same arguments give the same bytes.
set -eu
n=$1
dir=$2
mkdir -p "$dir"
LC_ALL=C awk -v n="$n" -v dir="$dir" '
BEGIN { FS = "," }
FNR == 1 { file++ }
file == 1 && FNR > 1 {
    r = $1 + 0
    if (!(r in rname)) { rname[r] = $3; nreg++ }
    com[r, ncom[r]++] = $5
    next
}
file == 2 { tpl[++nt] = $0; next }
END {
    for (i = 1; i <= n; i++) {
        r = (i - 1) % 16 + 1
        num = int((i - 1) / 16) + 1
        f = sprintf("%s/r%02d_t%04d.csv", dir, r, num)
        c = ""
        for (k = 0; k < 3; k++)
            c = c (k ? "; " : "") com[r, (num * 3 + k) % ncom[r]]
        for (l = 1; l <= nt; l++) {
            line = tpl[l]
            if (line ~ /^Región,/)
                line = "Región,\"" rname[r] "\","
            else if (line ~ /^N° territorio,/)
                line = "N° territorio," num ","
            else if (line ~ /^Nombre del territorio,/)
                line = "Nombre del territorio,Territorio sintético " num ","
            else if (line ~ /^Comunas que abarca/)
                line = "Comunas que abarca el territorio,\"" c "\","
            else if (line ~ /^Total de Comunidades/)
                line = "Total de Comunidades de Aprendizaje del Equipo Técnico Territorial (CAETT) proyectadas,15,"
            else if (line ~ /^EVALUACIÓN,/)
                for (s = 4; s <= 15; s++)
                    extra(f, s, i)
            print line > f
        }
        close(f)
    }
}
function extra(f, s, i,    k) {
    print "REGISTRO COMUNIDAD DE APRENDIZAJE N°" s ",," > f
    printf "Fecha,%02d-%02d-2025,\n", (s * 7 + i) % 28 + 1, (s % 9) + 3 > f
    print "Temática abordada,Revisión de prácticas pedagógicas en la sesión " s "," > f
    printf "Registro,\"" > f
    for (k = 1; k <= 9; k++)
        printf "Se revisan las evidencias de %d unidades educativas del territorio y se acuerda " \
               "un plan de acompañamiento con metas trimestrales (punto %d).\n", k + s, k > f
    print "Acuerdo: seguimiento en la comunidad siguiente.\"," > f
    print ",," > f
}
' data/comunas.csv samples/valparaiso_t01_aconcagua.csv
