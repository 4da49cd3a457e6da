build-vg/obj/value.o: src/value.c include/bitacora/value.h \
 include/bitacora/util.h include/bitacora/text.h
include/bitacora/value.h:
include/bitacora/util.h:
include/bitacora/text.h:
