build-vg/obj/refdata.o: src/refdata.c include/bitacora/refdata.h \
 include/bitacora/util.h include/bitacora/text.h src/refdata_tables.h
include/bitacora/refdata.h:
include/bitacora/util.h:
include/bitacora/text.h:
src/refdata_tables.h:
