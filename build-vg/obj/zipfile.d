build-vg/obj/zipfile.o: src/zipfile.c include/bitacora/zipfile.h \
 include/bitacora/util.h /usr/include/minizip/unzip.h \
 /usr/include/minizip/ioapi.h /usr/include/minizip/zip.h \
 include/bitacora/decode.h include/bitacora/text.h
include/bitacora/zipfile.h:
include/bitacora/util.h:
/usr/include/minizip/unzip.h:
/usr/include/minizip/ioapi.h:
/usr/include/minizip/zip.h:
include/bitacora/decode.h:
include/bitacora/text.h:
