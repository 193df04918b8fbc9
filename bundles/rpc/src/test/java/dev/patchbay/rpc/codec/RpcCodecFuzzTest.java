package dev.patchbay.rpc.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test of the RPC decoders (pickle and JSON): any message data either decodes or is
 * refused with {@link IllegalArgumentException}; nothing else escapes, and a length announced
 * beyond the data is refused before it is allocated.
 *
 * <p>Regression inputs: {@code src/test/resources/dev/patchbay/rpc/codec/RpcCodecFuzzTestInputs};
 * to fuzz: {@code JAZZER_FUZZ=1 mvn -pl bundles/rpc test-compile surefire:test@fuzz-regression -Dtest=RpcCodecFuzzTest -Djazzer.max_duration=5m}.
 */
class RpcCodecFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] data) {
        RpcCodec request = RpcCodec.ofRequest(data);
        RpcCodec reply = RpcCodec.ofReply(data);
        try {
            if (request != null) {
                request.decodeRequest(data);
            } else if (reply != null) {
                reply.decodeReply(data);
            } else {
                RpcCodec.PICKLE.decodeRequest(prefixed(data));
            }
        } catch (IllegalArgumentException refused) {
            // a clear refusal is the expected outcome for garbage
        }
    }

    private static byte[] prefixed(byte[] body) {
        byte[] data = new byte[6 + body.length];
        System.arraycopy("rpcreq".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, data, 0, 6);
        System.arraycopy(body, 0, data, 6, body.length);
        return data;
    }
}
