build-vg/obj/util.o: src/util.c include/bitacora/util.h
include/bitacora/util.h:
