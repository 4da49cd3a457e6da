build-vg/obj/finding.o: src/finding.c include/bitacora/finding.h \
 include/bitacora/util.h include/bitacora/text.h
include/bitacora/finding.h:
include/bitacora/util.h:
include/bitacora/text.h:
