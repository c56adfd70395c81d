include boards/linux-cross-rules.mk

# Large-file interfaces on this 32-bit target. Besides files over 2 GB this
# matters under qemu-user: the 64-bit host kernel hands back 64-bit
# directory offsets (ext4 hash cookies) that the 32-bit readdir() rejects
# with EOVERFLOW, so a test walking a fixture directory would see it empty.
# Not _TIME_BITS=64: Debian 12's armhf libmbedtls is built with a 32-bit
# time_t, which its structs (mbedtls_ssl_session) embed.
CPPFLAGS += -D_FILE_OFFSET_BITS=64
