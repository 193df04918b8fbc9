package dev.patchbay.rpc.codec;

import dev.patchbay.json.PythonJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.PythonException;

/**
 * The two encodings of RPC messages. Each message's data is a 6-byte prefix and the encoded
 * body; the prefix says both the direction and the codec, so a server answers in the codec it
 * was called in.
 *
 * <ul>
 *   <li>{@link #PICKLE}: snakeMQ's own ({@code rpcreq}/{@code rpcrep} + pickle), understood by
 *       Python peers. Protocols 0-5 are read; protocol 2 is written.</li>
 *   <li>{@link #JSON}: Patchbay's ({@code rpcjrq}/{@code rpcjrp} + JSON), for Java peers that
 *       prefer a format without pickle's code-loading risks. A Python RPC node ignores it.</li>
 * </ul>
 */
public enum RpcCodec {

    PICKLE("rpcreq", "rpcrep") {
        @Override
        byte[] body(RpcRequest request) {
            Map<String, Object> dict = new LinkedHashMap<>();
            dict.put("command", request.command());
            dict.put("object", request.object());
            dict.put("method", request.method());
            dict.put("args", request.args().stream().map(RpcCodec::pickleValue).toArray());
            dict.put("kwargs", request.kwargs());
            if (request.reqId() != null) {
                dict.put("req_id", new PyBytes(request.reqId()));
            }
            return Pickles.dumps(dict);
        }

        @Override
        byte[] body(RpcReply reply) {
            Map<String, Object> dict = new LinkedHashMap<>();
            // the request id goes back as bytes: a bytearray would kill a Python client
            dict.put("req_id", new PyBytes(reply.reqId()));
            dict.put("ok", reply.ok());
            if (reply.ok()) {
                dict.put("return", pickleValue(reply.value()));
            } else {
                int dot = reply.exceptionType().lastIndexOf('.');
                dict.put("exception", new PyException(reply.exceptionType().substring(0, dot),
                        reply.exceptionType().substring(dot + 1), reply.exceptionMessage()));
                dict.put("exception_format", reply.traceback() == null ? "" : reply.traceback());
            }
            return Pickles.dumps(dict);
        }

        @Override
        RpcRequest request(byte[] body) {
            Map<?, ?> dict = dict(Pickles.loads(body));
            return new RpcRequest(string(dict, "command"), string(dict, "object"), string(dict, "method"),
                    list(dict.get("args")), kwargs(dict.get("kwargs")), bytesOrNull(dict.get("req_id")));
        }

        @Override
        RpcReply reply(byte[] body) {
            Map<?, ?> dict = dict(Pickles.loads(body));
            byte[] reqId = bytesOrNull(dict.get("req_id"));
            if (Boolean.TRUE.equals(dict.get("ok"))) {
                return RpcReply.returning(reqId, dict.get("return"));
            }
            Object exception = dict.get("exception");
            String type = exception instanceof PythonException python && python.pythonExceptionType != null
                    ? python.pythonExceptionType : "builtins.Exception";
            // bounded: the exception may be any object graph the peer made up
            String message = exception instanceof Throwable t ? t.getMessage() : ObjectGraphBudget.describe(exception, 1000);
            // razorvine prefixes the message of the exceptions it builds with "[module.Class] "
            String marker = "[" + type + "] ";
            if (message != null && message.startsWith(marker)) {
                message = message.substring(marker.length());
            }
            Object traceback = dict.get("exception_format");
            return new RpcReply(reqId, false, null, type, message, traceback == null ? "" : traceback.toString());
        }
    },

    JSON("rpcjrq", "rpcjrp") {
        @Override
        byte[] body(RpcRequest request) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("command", request.command());
            json.put("object", request.object());
            json.put("method", request.method());
            json.put("args", request.args());
            json.put("kwargs", request.kwargs());
            if (request.reqId() != null) {
                json.put("req_id", HexFormat.of().formatHex(request.reqId()));
            }
            return PythonJson.encode(json);
        }

        @Override
        byte[] body(RpcReply reply) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("req_id", HexFormat.of().formatHex(reply.reqId()));
            json.put("ok", reply.ok());
            if (reply.ok()) {
                json.put("return", reply.value());
            } else {
                json.put("exception", Map.of("type", reply.exceptionType(), "message",
                        reply.exceptionMessage() == null ? "" : reply.exceptionMessage()));
                json.put("exception_format", reply.traceback() == null ? "" : reply.traceback());
            }
            return PythonJson.encode(json);
        }

        @Override
        RpcRequest request(byte[] body) {
            Map<?, ?> json = dict(parse(body));
            Object reqId = json.get("req_id");
            return new RpcRequest(string(json, "command"), string(json, "object"), string(json, "method"),
                    list(json.get("args")), kwargs(json.get("kwargs")),
                    reqId == null ? null : HexFormat.of().parseHex(reqId.toString()));
        }

        @Override
        RpcReply reply(byte[] body) {
            Map<?, ?> json = dict(parse(body));
            byte[] reqId = HexFormat.of().parseHex(String.valueOf(json.get("req_id")));
            if (Boolean.TRUE.equals(json.get("ok"))) {
                return RpcReply.returning(reqId, json.get("return"));
            }
            Map<?, ?> exception = json.get("exception") instanceof Map<?, ?> m ? m : Map.of();
            return new RpcReply(reqId, false, null, String.valueOf(exception.get("type")),
                    String.valueOf(exception.get("message")), String.valueOf(json.get("exception_format")));
        }
    };

    private final byte[] requestPrefix;
    private final byte[] replyPrefix;

    RpcCodec(String requestPrefix, String replyPrefix) {
        this.requestPrefix = requestPrefix.getBytes(StandardCharsets.US_ASCII);
        this.replyPrefix = replyPrefix.getBytes(StandardCharsets.US_ASCII);
    }

    public static final int PREFIX_BYTES = 6;

    abstract byte[] body(RpcRequest request);

    abstract byte[] body(RpcReply reply);

    abstract RpcRequest request(byte[] body);

    abstract RpcReply reply(byte[] body);

    public byte[] encode(RpcRequest request) {
        return concat(requestPrefix, body(request));
    }

    public byte[] encode(RpcReply reply) {
        return concat(replyPrefix, body(reply));
    }

    /** @throws IllegalArgumentException if the data is not a well-formed request */
    public RpcRequest decodeRequest(byte[] data) {
        return request(Arrays.copyOfRange(data, PREFIX_BYTES, data.length));
    }

    /** @throws IllegalArgumentException if the data is not a well-formed reply */
    public RpcReply decodeReply(byte[] data) {
        return reply(Arrays.copyOfRange(data, PREFIX_BYTES, data.length));
    }

    /** The codec of a request message, or {@code null} if the data is not an RPC request. */
    public static RpcCodec ofRequest(byte[] data) {
        for (RpcCodec codec : values()) {
            if (startsWith(data, codec.requestPrefix)) {
                return codec;
            }
        }
        return null;
    }

    /** The codec of a reply message, or {@code null} if the data is not an RPC reply. */
    public static RpcCodec ofReply(byte[] data) {
        for (RpcCodec codec : values()) {
            if (startsWith(data, codec.replyPrefix)) {
                return codec;
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] concat(byte[] prefix, byte[] body) {
        byte[] data = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, data, prefix.length, body.length);
        return data;
    }

    private static Object parse(byte[] body) {
        try {
            return PythonJson.decode(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static Map<?, ?> dict(Object value) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException("an RPC message must be a dict, not " + describe(value));
    }

    private static String string(Map<?, ?> dict, String key) {
        if (dict.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("'" + key + "' must be a string, not " + describe(dict.get(key)));
    }

    private static List<Object> list(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof Object[] tuple) {
            return new ArrayList<>(Arrays.asList(tuple));
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        throw new IllegalArgumentException("'args' must be a tuple or list, not " + describe(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kwargs(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("'kwargs' must be a dict, not " + describe(value));
    }

    private static byte[] bytesOrNull(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof PyBytes bytes) {
            return bytes.value();
        }
        if (value instanceof String text) {
            // protocol 0/2 writers may carry bytes as latin-1 text
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
        throw new IllegalArgumentException("'req_id' must be bytes, not " + describe(value));
    }

    /** What a Java value becomes in pickle: byte arrays as bytes, the rest as razorvine maps it. */
    static Object pickleValue(Object value) {
        return value instanceof byte[] bytes ? new PyBytes(bytes) : value;
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }
}
