build-vg/obj/text.o: src/text.c include/bitacora/text.h \
 include/bitacora/util.h
include/bitacora/text.h:
include/bitacora/util.h:
