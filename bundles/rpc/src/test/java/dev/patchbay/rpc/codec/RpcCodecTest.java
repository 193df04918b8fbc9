package dev.patchbay.rpc.codec;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.BeforeClass;
import org.junit.Test;

/** The RPC payloads against the ones real snakeMQ (Python 3.11, pickle protocol 4) produced. */
public class RpcCodecTest {

    private static final Map<String, String> VECTORS = new HashMap<>();
    private static final byte[] REQ_ID_2 = HexFormat.of().parseHex("00000000000000000000000000000002");

    @BeforeClass
    public static void loadVectors() throws Exception {
        JsonNode root = new ObjectMapper().readTree(
                Files.readString(Path.of(System.getProperty("patchbay.vectors"), "snakemq.json")));
        root.get("vectors").forEach(v -> VECTORS.put(v.get("name").asText(), v.get("hex").asText()));
    }

    /** The data of the MESSAGE frame in a B vector (after length, type, uuid, ttl, flags). */
    private static byte[] messageData(String vector) {
        byte[] packet = ByteBufUtil.decodeHexDump(VECTORS.get(vector));
        return Arrays.copyOfRange(packet, 4 + 25, packet.length);
    }

    @Test
    public void readsARealCall() {
        byte[] data = messageData("B6_rpc_call_add_2_3");
        assertSame(RpcCodec.PICKLE, RpcCodec.ofRequest(data));
        RpcRequest request = RpcCodec.PICKLE.decodeRequest(data);
        assertEquals("call", request.command());
        assertEquals("calc", request.object());
        assertEquals("add", request.method());
        assertEquals(List.of(2, 3), request.args());
        assertEquals(Map.of(), request.kwargs());
        assertArrayEquals(REQ_ID_2, request.reqId());
    }

    @Test
    public void readsARealSignal() {
        RpcRequest request = RpcCodec.PICKLE.decodeRequest(messageData("B7_rpc_signal"));
        assertEquals("signal", request.command());
        assertEquals("signal_ping", request.method());
        assertEquals(List.of("hello", 1), request.args());
        assertNull(request.reqId());
    }

    @Test
    public void readsRealRepliesIncludingARemoteException() {
        RpcReply ok = RpcCodec.PICKLE.decodeReply(messageData("B8_rpc_reply_ok"));
        assertTrue(ok.ok());
        assertEquals(5, ok.value());
        assertArrayEquals(REQ_ID_2, ok.reqId());

        RpcReply failed = RpcCodec.PICKLE.decodeReply(messageData("B9_rpc_reply_exception"));
        assertFalse(failed.ok());
        assertEquals("builtins.ValueError", failed.exceptionType());
        assertEquals("boom", failed.exceptionMessage());
        assertTrue(failed.traceback(), failed.traceback().startsWith("Traceback (most recent call last):"));
        assertTrue(failed.traceback().endsWith("ValueError: boom\n"));
    }

    @Test
    public void readsEveryPickleProtocolPythonWrites() {
        for (String vector : List.of("C_request_pickle_protocol_2", "C_request_pickle_protocol_3",
                "C_request_pickle_protocol_4", "C_request_pickle_protocol_5")) {
            RpcRequest request = RpcCodec.PICKLE.decodeRequest(HexFormat.of().parseHex(VECTORS.get(vector)));
            assertEquals(vector, List.of(2, 3), request.args());
            assertArrayEquals(vector, HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f"), request.reqId());
        }
    }

    @Test
    public void anExceptionClassTheReaderDoesNotKnowStillReadsAsARemoteException() {
        byte[] reply = RpcCodec.PICKLE.encode(RpcReply.raising(REQ_ID_2,
                new PyException("myapp.errors", "QuotaExceeded", "over"), "tb"));
        RpcReply decoded = RpcCodec.PICKLE.decodeReply(reply);
        assertEquals("myapp.errors.QuotaExceeded", decoded.exceptionType());
        assertEquals("over", decoded.exceptionMessage());
        RpcReply snakemqError = RpcCodec.PICKLE.decodeReply(RpcCodec.PICKLE.encode(RpcReply.raising(REQ_ID_2,
                new PyException("snakemq.rpc", "NoMethodError", "nope"), "")));
        assertEquals("snakemq.rpc.NoMethodError", snakemqError.exceptionType());
    }

    @Test
    public void whatWeWriteReadsBackInBothCodecs() {
        for (RpcCodec codec : RpcCodec.values()) {
            RpcRequest request = new RpcRequest("call", "calc", "add", List.of(2, "x", List.of(1.5, true)), Map.of(), REQ_ID_2);
            RpcRequest back = codec.decodeRequest(codec.encode(request));
            assertEquals(codec + " args", request.args().get(1), back.args().get(1));
            assertArrayEquals(REQ_ID_2, back.reqId());
            RpcReply reply = codec.decodeReply(codec.encode(RpcReply.returning(REQ_ID_2, "five")));
            assertEquals("five", reply.value());
            assertSame(codec, RpcCodec.ofReply(codec.encode(RpcReply.returning(REQ_ID_2, 1))));
        }
    }

    @Test
    public void malformedRequestsAreRefusedWithAClearError() {
        IllegalArgumentException notDict = assertThrows(IllegalArgumentException.class,
                () -> RpcCodec.PICKLE.decodeRequest(concat("rpcreq", Pickles.dumps(List.of(1)))));
        assertTrue(notDict.getMessage(), notDict.getMessage().contains("must be a dict"));
        assertThrows(IllegalArgumentException.class,
                () -> RpcCodec.PICKLE.decodeRequest("rpcreq\u0080\u0004garbage".getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Python itself reads what we write: req_id as bytes, the exception as builtins.ValueError. */
    @Test
    public void pythonUnpicklesOurRepliesAsSnakeMqExpects() throws Exception {
        assumeTrue("python3 on the PATH", python3Available());
        byte[] ok = RpcCodec.PICKLE.encode(RpcReply.returning(REQ_ID_2, List.of(1, "two")));
        assertEquals("bytes True [1, 'two']", python("d = pickle.loads(data); print(type(d['req_id']).__name__, d['ok'], d['return'])",
                Arrays.copyOfRange(ok, 6, ok.length)));
        byte[] failed = RpcCodec.PICKLE.encode(RpcReply.raising(REQ_ID_2, new PyException("builtins", "ValueError", "boom"), "tb"));
        assertEquals("ValueError boom tb", python("d = pickle.loads(data); e = d['exception']; "
                + "print(type(e).__name__, e, d['exception_format'])", Arrays.copyOfRange(failed, 6, failed.length)));
    }

    private static boolean python3Available() {
        try {
            return new ProcessBuilder("python3", "-c", "pass").start().waitFor(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return false;
        }
    }

    private static String python(String code, byte[] data) throws Exception {
        Process process = new ProcessBuilder("python3", "-c", "import pickle, sys; data = sys.stdin.buffer.read(); " + code)
                .redirectErrorStream(true).start();
        process.getOutputStream().write(data);
        process.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        process.getInputStream().transferTo(out);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    private static byte[] concat(String prefix, byte[] body) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(p, p.length + body.length);
        System.arraycopy(body, 0, all, p.length, body.length);
        return all;
    }
}
