build-vg/obj/csvread.o: src/csvread.c include/bitacora/csvread.h \
 include/bitacora/decode.h include/bitacora/util.h \
 include/bitacora/finding.h include/bitacora/rows.h \
 include/bitacora/text.h
include/bitacora/csvread.h:
include/bitacora/decode.h:
include/bitacora/util.h:
include/bitacora/finding.h:
include/bitacora/rows.h:
include/bitacora/text.h:
