/*
 * probe: the container's health check, with no shell and no curl.
 *
 *   probe [PORT [PATH]]      default: 9090 /readyz
 *
 * Connects to 127.0.0.1:PORT, sends "GET PATH HTTP/1.0", and exits 0 when
 * the status line says 200, 1 otherwise (connection refused, timeout,
 * any other status). Built static in the Dockerfile's build stage; it only
 * ever talks to the loopback address, so it needs no resolver.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 9090;
    const char *path = argc > 2 ? argv[2] : "/readyz";
    if (port <= 0 || port > 65535 || path[0] != '/' || strlen(path) > 200) {
        fprintf(stderr, "usage: probe [PORT [PATH]]\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        perror("probe: socket");
        return 1;
    }
    struct timeval tv = {.tv_sec = 3, .tv_usec = 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("probe: connect");
        return 1;
    }
    char req[256];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", path);
    if (write(fd, req, (size_t)n) != n) {
        perror("probe: write");
        return 1;
    }
    char buf[64];
    size_t got = 0;
    while (got < sizeof buf - 1) {
        ssize_t r = read(fd, buf + got, sizeof buf - 1 - got);
        if (r <= 0) break;
        got += (size_t)r;
    }
    buf[got] = '\0';
    close(fd);
    /* "HTTP/1.x 200 ..." */
    if (got >= 12 && strncmp(buf, "HTTP/1.", 7) == 0 && strncmp(buf + 8, " 200", 4) == 0) return 0;
    char *eol = strpbrk(buf, "\r\n");
    if (eol) *eol = '\0';
    fprintf(stderr, "probe: %s: %s\n", path, got ? buf : "no answer");
    return 1;
}
