package dev.patchbay.rpc.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of the pickle reader under a work budget: any bytes either read or are
 * refused with {@link IllegalArgumentException}, and whatever reads can then be hashed and
 * printed, the two walks that ran away with object-graph bombs (issue 14.2). The limits are
 * small, so every input's work is bounded by them rather than by the input: a finding is an
 * input that escapes them (Jazzer reports one that runs past its per-input timeout, or an error).
 *
 * <p>Regression inputs (the bombs of the issue among them):
 * {@code src/test/resources/dev/patchbay/rpc/codec/PickleFuzzTestInputs}; to fuzz:
 * {@code JAZZER_FUZZ=1 mvn -pl bundles/rpc test-compile surefire:test@fuzz-regression -Dtest=PickleFuzzTest -Djazzer.max_duration=5m}.
 */
class PickleFuzzTest {

    private static final PickleLimits SMALL = new PickleLimits(20_000, 5_000, 20_000, 50);

    @FuzzTest(maxDuration = "60s")
    void loads(byte[] data) {
        Object value;
        try {
            value = Pickles.loads(data, SMALL);
        } catch (IllegalArgumentException refused) {
            return; // a clear refusal is the expected outcome for garbage
        }
        if (value != null) {
            value.hashCode();
            ObjectGraphBudget.describe(value, 10_000);
            String.valueOf(value);
        }
    }
}
