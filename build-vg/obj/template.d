build-vg/obj/template.o: src/template.c include/bitacora/template.h \
 include/bitacora/util.h include/bitacora/text.h
include/bitacora/template.h:
include/bitacora/util.h:
include/bitacora/text.h:
