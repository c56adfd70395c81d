/**
 * @file rmqdr_mbedtls_config.h
 * @brief mbedTLS 3.6 LTS configuration of the cortex-m4 board (used through
 *        -DMBEDTLS_CONFIG_FILE; replaces mbedTLS's own mbedtls_config.h whole).
 *
 * What it keeps:
 * - TLS 1.3 client (RFC 8446: TLS_AES_128_GCM_SHA256, ECDHE on P-256/P-384,
 *   ephemeral key exchange only) and TLS 1.2 client (ECDHE-ECDSA and
 *   ECDHE-RSA with AES-128-GCM and SHA-256), server name indication,
 *   extended master secret; TLS 1.3 runs on PSA crypto, which draws its
 *   randomness from the board's entropy hook (MBEDTLS_ENTROPY_HARDWARE_ALT,
 *   mbedtls_hardware_poll in port/baremetal) and needs the peer certificate
 *   kept for the handshake (MBEDTLS_SSL_KEEP_PEER_CERTIFICATE);
 * - what real cloud certificate chains need: X.509 parsing, RSA PKCS#1
 *   v1.5 signatures up to 4096-bit keys (GlobalSign Root R46, R6), RSA-PSS
 *   (TLS 1.3 CertificateVerify with an RSA key), ECDSA on
 *   P-256 and P-384 (E46), SHA-256 and SHA-384 (SHA-512 module) signature
 *   hashes; PEM (base64) so that the embedded trust store can hold several
 *   roots in one buffer, as the TLS transport takes it;
 * - HMAC-SHA256 (generic md layer) for the core's ACS3 signature;
 * - CTR_DRBG seeded only from the board's entropy hook (through the
 *   platform random hook, see port/baremetal): no OS entropy, no file
 *   system, no time(): the clock comes from mbedtls_platform_set_time();
 * - every allocation from MBEDTLS_MEMORY_BUFFER_ALLOC_C over a static arena
 *   (mbedtls_memory_buffer_alloc_init), so the image never calls malloc.
 *
 * Record buffers: incoming stays at the protocol maximum (16 KB) because a
 * server may send 16 KB records and the cloud endpoint is not known to honour
 * max_fragment_length; outgoing is reduced (RMQDR_TLS_OUT_CONTENT_LEN): the
 * client's largest handshake message is its ClientHello (< 512 bytes) and
 * mbedtls_ssl_write() splits the HTTP request into records of that size.
 *
 * Knobs (define before this file is read, e.g. with -D):
 * - RMQDR_TLS_OUT_CONTENT_LEN  outgoing record payload (default 2048);
 * - RMQDR_TLS_IN_CONTENT_LEN   incoming record payload (default 16384). Below
 *                              16384 only with a server that honours the
 *                              max_fragment_length extension (RFC 6066),
 *                              which the TLS transport must then request
 *                              (mbedtls_ssl_conf_max_frag_len); otherwise
 *                              the first large record fails the connection;
 * - RMQDR_TLS_WITH_SHA384      0 drops SHA-384/512 (chains signed with
 *                              SHA-256 only; saves about 4 KB of text);
 * - RMQDR_TLS_WITH_P384        0 drops P-384 (no ECDSA P-384 CA in the chain);
 * - RMQDR_TLS_WITH_TLS13       0 builds a TLS 1.2-only client: no TLS 1.3, no
 *                              PSA crypto, entropy pool or kept peer
 *                              certificate (smaller image and arena, but a
 *                              1.3-only server is then unreachable);
 * - RMQDR_TLS_ARENA_STATS      1 adds MBEDTLS_MEMORY_DEBUG so the arena keeps
 *                              peak statistics (the host measurement build).
 */
#ifndef RMQDR_MBEDTLS_CONFIG_H
#define RMQDR_MBEDTLS_CONFIG_H

#ifndef RMQDR_TLS_OUT_CONTENT_LEN
#define RMQDR_TLS_OUT_CONTENT_LEN 2048
#endif
#ifndef RMQDR_TLS_IN_CONTENT_LEN
#define RMQDR_TLS_IN_CONTENT_LEN 16384
#endif
#ifndef RMQDR_TLS_WITH_SHA384
#define RMQDR_TLS_WITH_SHA384 1
#endif
#ifndef RMQDR_TLS_WITH_P384
#define RMQDR_TLS_WITH_P384 1
#endif
#ifndef RMQDR_TLS_WITH_TLS13
#define RMQDR_TLS_WITH_TLS13 1
#endif
#ifndef RMQDR_TLS_ARENA_STATS
#define RMQDR_TLS_ARENA_STATS 0
#endif

/* ---- System ---------------------------------------------------------- */
#if defined(__arm__) || defined(__thumb__)
#define MBEDTLS_HAVE_ASM          /* bignum multiply in Thumb-2 assembly */
#endif
#define MBEDTLS_HAVE_TIME         /* certificate validity is checked ... */
#define MBEDTLS_HAVE_TIME_DATE    /* ... against the board's wall clock */
#define MBEDTLS_DEPRECATED_REMOVED

/* ---- Platform: no libc allocator, no stdio, no time() --------------- */
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_PLATFORM_NO_STD_FUNCTIONS  /* calloc/free start as "return NULL" */
#define MBEDTLS_PLATFORM_SNPRINTF_MACRO snprintf /* only x509 info text, unused */
#define MBEDTLS_PLATFORM_TIME_ALT          /* mbedtls_platform_set_time() */
#define MBEDTLS_PLATFORM_MS_TIME_ALT       /* mbedtls_ms_time(): board uptime */
#define MBEDTLS_PLATFORM_GMTIME_R_ALT      /* newlib's gmtime() may allocate */
#define MBEDTLS_PLATFORM_EXIT_ALT          /* heap corruption: board fatal stop */
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C
#if RMQDR_TLS_ARENA_STATS
#define MBEDTLS_MEMORY_DEBUG               /* arena peak and current use */
#define MBEDTLS_PLATFORM_STD_MEM_HDR <stdio.h> /* its reports use stderr */
#endif
#define MBEDTLS_MEMORY_ALIGN_MULTIPLE 8

/* ---- Random: CTR_DRBG seeded by the board's entropy hook -------------- */
/* The TLS transport seeds its CTR_DRBG from the platform random hook, which
 * on this board is rmqdr_board_entropy() (port/baremetal). PSA crypto keeps
 * its own generator, fed by mbedTLS's entropy pool whose only source is the
 * same hook (MBEDTLS_ENTROPY_HARDWARE_ALT); no OS source is built. */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_CTR_DRBG_C
#if RMQDR_TLS_WITH_TLS13
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_HKDF_C                     /* TLS 1.3 key schedule (PSA HKDF) */
#endif

/* ---- Hashes, HMAC, ciphers ------------------------------------------ */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER
#if RMQDR_TLS_WITH_SHA384
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_SHA512_SMALLER
#endif
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES             /* tables in flash, not 8 KB of RAM */
#define MBEDTLS_AES_FEWER_TABLES           /* 2 KB of tables instead of 8 KB */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_GCM_C

/* ---- Public key ------------------------------------------------------ */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_MPI_MAX_SIZE 512           /* RSA-4096 CA keys */
#define MBEDTLS_MPI_WINDOW_SIZE 2          /* smaller exponentiation tables */
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#if RMQDR_TLS_WITH_TLS13
#define MBEDTLS_PKCS1_V21                  /* RSA-PSS: TLS 1.3 CertificateVerify */
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT    /* lets TLS 1.3 offer rsa_pss_rsae_* */
#endif
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#if RMQDR_TLS_WITH_P384
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED   /* (3.x derives MBEDTLS_ECP_MAX_BITS) */
#endif
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0    /* no RAM cache of the generator */
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C               /* required by ECDSA */
#define MBEDTLS_OID_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C

/* ---- X.509 ----------------------------------------------------------- */
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CHECK_KEY_USAGE
#define MBEDTLS_X509_CHECK_EXTENDED_KEY_USAGE
#define MBEDTLS_X509_MAX_INTERMEDIATE_CA 4

/* ---- TLS 1.3 and 1.2 client ------------------------------------------ */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#if RMQDR_TLS_WITH_TLS13
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE /* middleboxes expect 1.2-looking records */
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE  /* required by TLS 1.3 in 3.6 */
#define MBEDTLS_SSL_CIPHERSUITES \
    MBEDTLS_TLS1_3_AES_128_GCM_SHA256, \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, \
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
#else
#define MBEDTLS_SSL_CIPHERSUITES \
    MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, \
    MBEDTLS_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
#endif
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_ALL_ALERT_MESSAGES
#define MBEDTLS_SSL_IN_CONTENT_LEN RMQDR_TLS_IN_CONTENT_LEN
#if RMQDR_TLS_IN_CONTENT_LEN < 16384
#define MBEDTLS_SSL_MAX_FRAGMENT_LENGTH
#endif
#define MBEDTLS_SSL_OUT_CONTENT_LEN RMQDR_TLS_OUT_CONTENT_LEN
/* SHA-1 is not built: a root whose self-signature uses it (GlobalSign Root
 * CA R1) then fails to parse and is skipped; add MBEDTLS_SHA1_C to trust it.
 * Session tickets are not built: a board reconnects rarely, and a ticket
 * would stay in the arena between connections. mbedTLS 3.x checks the
 * configuration itself (check_config.h is no longer included here). */

#endif /* RMQDR_MBEDTLS_CONFIG_H */
