/* The bench's init floor: what the harness measures for a runtime that does nothing but connect to
 * AWS_LAMBDA_RUNTIME_API and send GET /next (exec, the connect, the harness noticing the request). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (api == NULL) return 2;
    char host[64];
    const char *colon = strrchr(api, ':');
    if (colon == NULL || (size_t)(colon - api) >= sizeof host) return 2;
    memcpy(host, api, (size_t)(colon - api));
    host[colon - api] = 0;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) return 2;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof address) != 0) return 1;
    char request[256];
    int length = snprintf(request, sizeof request,
                          "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
    if (write(fd, request, (size_t)length) != length) return 1;
    char buffer[4096];
    while (read(fd, buffer, sizeof buffer) > 0) {}
    return 0;
}
