/* fallback_main.c - an example program forced onto the poller's whole-set fallback: the
 * test library's fault layer says the kernel queue "is not supported" (as test_poller
 * does), then the example's own main runs unchanged. Built as tcp_server_fallback and
 * chat_server_fallback, so that bench/many_clients.sh and runs of the e2e tests can set
 * the select() fallback against afd under Wine. */
#include <xsock.h>

#include <faults.h>

int xsock_example_main(int argc, char **argv);

int main(int argc, char **argv)
{
    xsock__fault_set(XSOCK__OP_QUEUE_OPEN, 0, -1, XSOCK_ENOTSUP, 0);
    return xsock_example_main(argc, argv);
}
