/*
 * Open-loop gRPC Check load over h2c (HTTP/2 without TLS, prior knowledge) with libnghttp2: one
 * thread, one connection, no garbage collector, so a load run measures the server and not a JVM
 * client. The same request mix as CheckLoadClient (test sources), pre-serialised once; each check
 * is due at start + i / rate and its latency is taken from that moment (coordinated-omission free:
 * a stalled server or a late client shows up in the numbers), besides the round trip from the
 * moment it was written. Prints the lines CheckLoadClient prints (bench/check-latency.sh parses
 * them) plus the client's own lateness ("send lag").
 *
 * Bounded: loopback targets only, at most 50,000 checks/s, 300 s, 2,000 checks in flight.
 *
 *   gcc -O2 -o check-load check-load.c -lnghttp2     (Debian: apt-get install gcc libnghttp2-dev)
 *   check-load HOST:PORT RATE SECONDS WARMUP_SECONDS
 *
 * With CHECK_LOAD_TRACE=FILE the measured checks are also written to FILE, one line each in completion
 * order: due time (CLOCK_MONOTONIC ns, the clock of the JVM's -Xlog decorator "timenanos"), latency
 * from due and round trip (ns), so slow checks can be matched to server events such as GC pauses.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <nghttp2/nghttp2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_RATE 50000
#define MAX_SECONDS 300
#define MAX_IN_FLIGHT 2000
#define REQUEST_KINDS 4096
#define GRACE_SECONDS 60

/* One gRPC message (5-byte prefix + CheckRequest) per request kind, built once. */
static uint8_t messages[REQUEST_KINDS][160];
static size_t message_lengths[REQUEST_KINDS];

struct run {
    int total, next, completed, in_flight, errors, allowed;
    int64_t start, interval_num; /* due(i) = start + i * 1e9 / rate, computed exactly */
    int rate;
    int64_t *due_lag, *latency, *round_trip, *sent, *due_of;
    uint8_t *grpc_ok, *allow;
};

static int sock = -1;
static struct run *current;

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t due(const struct run *r, int i) { return r->start + (int64_t)i * 1000000000 / r->rate; }

static void die(const char *what) {
    fprintf(stderr, "check-load: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* protobuf: a length-delimited field (strings and sub-messages here are < 128 bytes) */
static size_t put_bytes(uint8_t *out, int field, const void *value, size_t length) {
    out[0] = (uint8_t)(field << 3 | 2);
    out[1] = (uint8_t)length;
    memcpy(out + 2, value, length);
    return length + 2;
}

static size_t put_string(uint8_t *out, int field, const char *value) { return put_bytes(out, field, value, strlen(value)); }

/* Same mix as CheckLoadClient.requests(): distinct workloads, every fourth check to a denied host. */
static void build_messages(void) {
    for (int i = 0; i < REQUEST_KINDS; i++) {
        char id[32];
        uint8_t source[64], destination[64], *m = messages[i] + 5;
        size_t s = 0, d = 0, n = 0;
        snprintf(id, sizeof id, "bench-%d", i);
        s += put_string(source + s, 1, "127.0.0.2");
        s += put_string(source + s, 2, "api");
        s += put_string(source + s, 4, id);
        d += put_string(destination + d, 1, i % 4 == 3 ? "example.com" : "login.microsoft.com");
        destination[d++] = 2 << 3; /* port 443 as varint */
        destination[d++] = 0xbb;
        destination[d++] = 0x03;
        d += put_string(destination + d, 3, "CONNECT");
        m[n++] = 1 << 3; /* tier = TIER_EDGE */
        m[n++] = 1;
        n += put_string(m + n, 2, id);
        n += put_bytes(m + n, 3, source, s);
        n += put_bytes(m + n, 4, destination, d);
        messages[i][0] = 0; /* not compressed */
        messages[i][1] = (uint8_t)(n >> 24);
        messages[i][2] = (uint8_t)(n >> 16);
        messages[i][3] = (uint8_t)(n >> 8);
        messages[i][4] = (uint8_t)n;
        message_lengths[i] = n + 5;
    }
}

static ssize_t read_message(nghttp2_session *session, int32_t stream_id, uint8_t *buf, size_t length,
        uint32_t *flags, nghttp2_data_source *source, void *user_data) {
    (void)session; (void)stream_id; (void)user_data;
    int kind = (int)(intptr_t)source->ptr;
    size_t n = message_lengths[kind];
    if (n > length) {
        return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    memcpy(buf, messages[kind], n);
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    return (ssize_t)n;
}

static int on_header(nghttp2_session *session, const nghttp2_frame *frame, const uint8_t *name, size_t namelen,
        const uint8_t *value, size_t valuelen, uint8_t flags, void *user_data) {
    (void)flags; (void)user_data;
    void *index = nghttp2_session_get_stream_user_data(session, frame->hd.stream_id);
    if (index && namelen == 11 && memcmp(name, "grpc-status", 11) == 0 && valuelen == 1 && value[0] == '0') {
        current->grpc_ok[(intptr_t)index - 1] = 1;
    }
    return 0;
}

static int on_data(nghttp2_session *session, uint8_t flags, int32_t stream_id, const uint8_t *data, size_t len,
        void *user_data) {
    (void)flags; (void)user_data;
    void *index = nghttp2_session_get_stream_user_data(session, stream_id);
    /* CheckResponse starts with field 1 (allow) when it is true: 5-byte prefix, then 08 01. */
    if (index && len >= 7 && data[5] == 0x08 && data[6] == 0x01) {
        current->allow[(intptr_t)index - 1] = 1;
    }
    return 0;
}

static int on_stream_close(nghttp2_session *session, int32_t stream_id, uint32_t error_code, void *user_data) {
    (void)user_data;
    void *index = nghttp2_session_get_stream_user_data(session, stream_id);
    if (!index) {
        return 0;
    }
    struct run *r = current;
    int i = (int)((intptr_t)index - 1);
    int64_t now = now_ns();
    r->latency[r->completed] = now - due(r, i);
    r->due_of[r->completed] = due(r, i);
    r->round_trip[r->completed] = now - r->sent[i];
    r->due_lag[r->completed] = r->sent[i] - due(r, i);
    r->completed++;
    r->in_flight--;
    if (error_code != 0 || !r->grpc_ok[i]) {
        r->errors++;
    } else if (r->allow[i]) {
        r->allowed++;
    }
    return 0;
}

static void submit(nghttp2_session *session, struct run *r, int i) {
    static nghttp2_nv headers[] = {
#define NV(n, v) {(uint8_t *)n, (uint8_t *)v, sizeof n - 1, sizeof v - 1, NGHTTP2_NV_FLAG_NO_COPY_NAME | NGHTTP2_NV_FLAG_NO_COPY_VALUE}
        NV(":method", "POST"), NV(":scheme", "http"), NV(":path", "/policy.v1.PolicyService/Check"),
        NV(":authority", "127.0.0.1"), NV("content-type", "application/grpc"), NV("te", "trailers"),
#undef NV
    };
    nghttp2_data_provider body = {.source.ptr = (void *)(intptr_t)(i % REQUEST_KINDS), .read_callback = read_message};
    if (nghttp2_submit_request(session, NULL, headers, sizeof headers / sizeof headers[0], &body, (void *)(intptr_t)(i + 1)) < 0) {
        fprintf(stderr, "check-load: cannot submit request %d\n", i);
        exit(1);
    }
    r->sent[i] = now_ns();
    r->in_flight++;
}

/* Everything nghttp2 has queued goes out in one write per loop turn. */
static int flush(nghttp2_session *session, uint8_t *out, size_t *pending, size_t capacity) {
    for (;;) {
        while (*pending < capacity) {
            const uint8_t *chunk;
            ssize_t n = nghttp2_session_mem_send(session, &chunk);
            if (n < 0) {
                fprintf(stderr, "check-load: %s\n", nghttp2_strerror((int)n));
                exit(1);
            }
            if (n == 0) {
                break;
            }
            if (*pending + (size_t)n > capacity) {
                fprintf(stderr, "check-load: output buffer too small\n");
                exit(1);
            }
            memcpy(out + *pending, chunk, (size_t)n);
            *pending += (size_t)n;
            if (capacity - *pending < 64 * 1024) {
                break;
            }
        }
        if (*pending == 0) {
            return 0;
        }
        ssize_t w = write(sock, out, *pending);
        if (w < 0) {
            if (errno == EAGAIN) {
                return 1;
            }
            die("write");
        }
        memmove(out, out + w, *pending - (size_t)w);
        *pending -= (size_t)w;
        if (*pending > 0) {
            return 1;
        }
        if (!nghttp2_session_want_write(session)) {
            return 0;
        }
    }
}

static void run(nghttp2_session *session, int epoll_fd, struct run *r) {
    static uint8_t out[1 << 20], in[1 << 16];
    size_t pending = 0;
    int blocked = 0;
    current = r;
    r->start = now_ns() + 1000000;
    int64_t deadline = r->start + (int64_t)(r->total / r->rate + GRACE_SECONDS) * 1000000000;
    while (r->completed < r->total) {
        int64_t now = now_ns();
        if (now > deadline) {
            fprintf(stderr, "check-load: %d checks unanswered after the grace period\n", r->total - r->completed);
            break;
        }
        while (r->next < r->total && r->in_flight < MAX_IN_FLIGHT && due(r, r->next) <= now) {
            submit(session, r, r->next++);
        }
        if (!blocked) {
            blocked = flush(session, out, &pending, sizeof out);
        }
        struct epoll_event ev = {.events = EPOLLIN | (blocked ? EPOLLOUT : 0)};
        epoll_ctl(epoll_fd, EPOLL_CTL_MOD, sock, &ev);
        struct timespec timeout = {.tv_sec = 1};
        if (r->next < r->total && r->in_flight < MAX_IN_FLIGHT) {
            int64_t wait = due(r, r->next) - now_ns();
            if (wait < 0) {
                wait = 0;
            }
            timeout.tv_sec = wait / 1000000000;
            timeout.tv_nsec = wait % 1000000000;
        }
        struct epoll_event events[1];
        int ready = epoll_pwait2(epoll_fd, events, 1, &timeout, NULL);
        if (ready < 0 && errno != EINTR) {
            die("epoll_pwait2");
        }
        if (ready > 0 && (events[0].events & EPOLLOUT)) {
            blocked = flush(session, out, &pending, sizeof out);
        }
        if (ready > 0 && (events[0].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
            for (;;) {
                ssize_t n = read(sock, in, sizeof in);
                if (n < 0 && errno == EAGAIN) {
                    break;
                }
                if (n <= 0) {
                    fprintf(stderr, "check-load: connection closed by the server\n");
                    exit(1);
                }
                if (nghttp2_session_mem_recv(session, in, (size_t)n) < 0) {
                    fprintf(stderr, "check-load: bad HTTP/2 from the server\n");
                    exit(1);
                }
            }
        }
    }
}

static int compare(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static double quantile_ms(const int64_t *sorted, int n, double q) {
    if (n == 0) {
        return 0;
    }
    int index = (int)(q * n + 0.999999999) - 1; /* ceil(q * n) - 1, as CheckLoadClient */
    index = index < 0 ? 0 : index >= n ? n - 1 : index;
    return sorted[index] / 1e6;
}

static void print_percentiles(const char *label, int64_t *values, int n) {
    qsort(values, (size_t)n, sizeof *values, compare);
    printf("%s: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n", label, quantile_ms(values, n, 0.50),
            quantile_ms(values, n, 0.90), quantile_ms(values, n, 0.99), quantile_ms(values, n, 0.999),
            n == 0 ? 0 : values[n - 1] / 1e6);
}

/* CHECK_LOAD_TRACE=FILE: one line per measured check (due ns, latency ns, round trip ns), before sorting. */
static void write_trace(const struct run *r) {
    const char *path = getenv("CHECK_LOAD_TRACE");
    if (!path || !*path) {
        return;
    }
    FILE *trace = fopen(path, "w");
    if (!trace) {
        die("CHECK_LOAD_TRACE");
    }
    for (int k = 0; k < r->completed; k++) {
        fprintf(trace, "%lld %lld %lld\n", (long long)r->due_of[k], (long long)r->latency[k], (long long)r->round_trip[k]);
    }
    fclose(trace);
}

static struct run *new_run(int rate, int seconds) {
    struct run *r = calloc(1, sizeof *r);
    r->rate = rate;
    r->total = rate * seconds;
    r->due_lag = calloc((size_t)r->total, sizeof(int64_t));
    r->latency = calloc((size_t)r->total, sizeof(int64_t));
    r->round_trip = calloc((size_t)r->total, sizeof(int64_t));
    r->sent = calloc((size_t)r->total, sizeof(int64_t));
    r->due_of = calloc((size_t)r->total, sizeof(int64_t));
    r->grpc_ok = calloc((size_t)r->total, 1);
    r->allow = calloc((size_t)r->total, 1);
    if (!r->due_lag || !r->latency || !r->round_trip || !r->sent || !r->due_of || !r->grpc_ok || !r->allow) {
        die("calloc");
    }
    /* touch every page now, so no page fault lands inside the measurement */
    memset(r->sent, 0, (size_t)r->total * sizeof(int64_t));
    memset(r->due_of, 0, (size_t)r->total * sizeof(int64_t));
    return r;
}

static double cpu_seconds(void) {
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: check-load HOST:PORT RATE SECONDS WARMUP_SECONDS\n");
        return 2;
    }
    char host[64];
    const char *colon = strrchr(argv[1], ':');
    if (!colon || (size_t)(colon - argv[1]) >= sizeof host) {
        fprintf(stderr, "check-load: target must be HOST:PORT, got %s\n", argv[1]);
        return 2;
    }
    memcpy(host, argv[1], (size_t)(colon - argv[1]));
    host[colon - argv[1]] = 0;
    int port = atoi(colon + 1), rate = atoi(argv[2]), seconds = atoi(argv[3]), warmup = atoi(argv[4]);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1 || (ntohl(address.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "check-load: load is only sent to 127.0.0.0/8 addresses, not %s\n", host);
        return 2;
    }
    if (port < 1 || port > 65535 || rate < 1 || rate > MAX_RATE || seconds < 1 || seconds > MAX_SECONDS
            || warmup < 0 || warmup > MAX_SECONDS) {
        fprintf(stderr, "check-load: port 1..65535, rate 1..%d/s, durations 0..%d s\n", MAX_RATE, MAX_SECONDS);
        return 2;
    }
    /* The default 50 us timer slack would make every wait up to 50 us late. */
    prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0);
    build_messages();

    sock = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (sock < 0) {
        die("socket");
    }
    int one = 1;
    setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(sock, (struct sockaddr *)&address, sizeof address) < 0 && errno != EINPROGRESS) {
        die("connect");
    }
    int epoll_fd = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT};
    if (epoll_fd < 0 || epoll_ctl(epoll_fd, EPOLL_CTL_ADD, sock, &ev) < 0) {
        die("epoll");
    }
    struct epoll_event connected;
    int error = 0;
    socklen_t error_length = sizeof error;
    if (epoll_wait(epoll_fd, &connected, 1, 5000) != 1 || getsockopt(sock, SOL_SOCKET, SO_ERROR, &error, &error_length) < 0
            || error != 0) {
        errno = error;
        die("connect");
    }

    nghttp2_session_callbacks *callbacks;
    nghttp2_session *session;
    nghttp2_session_callbacks_new(&callbacks);
    nghttp2_session_callbacks_set_on_header_callback(callbacks, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(callbacks, on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(callbacks, on_stream_close);
    nghttp2_session_client_new(&session, callbacks, NULL);
    nghttp2_settings_entry settings[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
            {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}};
    nghttp2_submit_settings(session, NGHTTP2_FLAG_NONE, settings, 2);
    nghttp2_session_set_local_window_size(session, NGHTTP2_FLAG_NONE, 0, 1 << 24);

    if (warmup > 0) {
        run(session, epoll_fd, new_run(rate, warmup));
    }
    struct run *r = new_run(rate, seconds);
    double cpu_before = cpu_seconds();
    run(session, epoll_fd, r);
    double elapsed = (now_ns() - r->start) / 1e9;
    double cpu = cpu_seconds() - cpu_before;
    printf("checks: %d in %.2f s (target %d/s for %d s) = %.0f checks/s; errors %d; allowed %d; client GC 0 ms,"
           " client CPU %.0f us per check\n",
            r->completed, elapsed, rate, seconds, r->completed / elapsed, r->errors + (r->total - r->completed),
            r->allowed, r->completed ? cpu * 1e6 / r->completed : 0);
    write_trace(r);
    print_percentiles("latency ms (from due)", r->latency, r->completed);
    print_percentiles("round trip ms (from sent)", r->round_trip, r->completed);
    print_percentiles("send lag ms (from due to sent)", r->due_lag, r->completed);
    printf("  (1 channel(s), C client on libnghttp2 %s)\n", nghttp2_version(0)->version_str);
    nghttp2_session_del(session);
    close(sock);
    return 0;
}
