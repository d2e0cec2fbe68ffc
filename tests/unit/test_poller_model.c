/* test_poller_model.c - the fuzz target's model of a poller (tests/fuzz/fuzz_poller.c:
 * any add / modify / remove / wakeup / wait sequence gives the model's results)
 * replayed on a fixed pseudo-random sequence of inputs, on the system's method and on
 * the whole-set fallback: what libFuzzer checks natively, here on every backend, under
 * Wine too. The target aborts on the first difference. */
#include "support.h"

#include <faults.h>
#include "method_setups.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUTS 100
#define INPUT_MAX 512

static void replay_inputs(void **state)
{
    uint8_t input[INPUT_MAX];
    unsigned seed = 12345u;
    int k;
    size_t i, size;
    (void)state;
    for (k = 0; k < INPUTS; k++) {
        seed = seed * 1103515245u + 12345u;
        size = 2 + (seed >> 8) % (INPUT_MAX - 1);
        for (i = 0; i < size; i++) {
            seed = seed * 1103515245u + 12345u;
            input[i] = (uint8_t)(seed >> 16);
        }
        assert_int_equal(LLVMFuzzerTestOneInput(input, size), 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(replay_inputs, on_system_method, clear_faults),
        cmocka_unit_test_setup_teardown(replay_inputs, on_fallback, clear_faults),
    };
    XTEST_OK(xsock_init());
    return cmocka_run_group_tests(tests, NULL, NULL);
}
