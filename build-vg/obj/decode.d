build-vg/obj/decode.o: src/decode.c include/bitacora/decode.h \
 include/bitacora/util.h include/bitacora/text.h
include/bitacora/decode.h:
include/bitacora/util.h:
include/bitacora/text.h:
