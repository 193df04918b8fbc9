package dev.patchbay.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import dev.patchbay.api.throttle.BandwidthLimit;
import dev.patchbay.api.transport.EndpointSpec;
import dev.patchbay.auth.token.TokenAuthenticator;
import dev.patchbay.client.tpp.TppClient;
import dev.patchbay.framing.DecimalLengthFrameDecoder;
import dev.patchbay.framing.DecimalLengthFraming;
import dev.patchbay.protocol.tpp.TppActionRegistry;
import dev.patchbay.protocol.tpp.TppServer;
import dev.patchbay.protocol.tpp.TppServerSettings;
import dev.patchbay.transport.netty.NettyTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TPP requests per second with one connection per request, as the protocol requires: each of
 * {@code --concurrency} slots connects, sends an authenticated {@code echo} request, reads the
 * reply, sees the server close, and starts over.
 *
 * <p>By default the server runs in this process (Netty transport, decimal-length framing, token
 * authenticator with a cost-10 bcrypt hash, echo action); {@code --port} points the load at a
 * running node instead.
 */
final class TppLoad {

    private static final String TOKEN = "patchbay-dev-token";
    private static final String TOKEN_HASH = "$2b$10$Q7pWm0xYc1bL9sT2vR5nEeZcxhWlgTA0Fr7lWkIDnT9aPhzugeRJG";

    private TppLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args, Map.of(
                "host", "127.0.0.1", "port", "0", "token", TOKEN, "concurrency", "64",
                "seconds", "10", "warmup", "3", "body-bytes", "64", "client-threads", "1", "server-io-threads", "0"));
        if (options.containsKey("help")) {
            System.out.println("tpp [--host H --port P --token T] [--concurrency 64] [--seconds 10] [--warmup 3]"
                    + " [--body-bytes 64] [--client-threads 1] [--server-io-threads 0 (= cores)]");
            return;
        }
        NettyTransport serverTransport = null;
        TppServer server = null;
        String host = options.get("host");
        int port = Integer.parseInt(options.get("port"));
        if (port == 0) {
            serverTransport = new NettyTransport(Integer.parseInt(options.get("server-io-threads")),
                    endpoint -> BandwidthLimit.UNLIMITED);
            TppActionRegistry actions = new TppActionRegistry();
            actions.add("echo", (request, progress) -> request.result(request.body()), false);
            TokenAuthenticator auth = new TokenAuthenticator(List.of(TOKEN_HASH));
            server = new TppServer(TppServerSettings.of(new EndpointSpec("tpp-bench", host, 0, null)),
                    serverTransport, new DecimalLengthFraming(), () -> auth, actions);
            port = server.endpoint().localAddress().getPort();
        }
        try {
            run(host, port, options);
        } finally {
            if (server != null) {
                server.close();
                serverTransport.close();
            }
        }
    }

    private static void run(String host, int port, Map<String, String> options) throws Exception {
        int concurrency = Integer.parseInt(options.get("concurrency"));
        String body = "x".repeat(Integer.parseInt(options.get("body-bytes")));
        byte[] payload = TppClient.encodeRequest("echo", body, options.get("token"));
        byte[] frame = concat((payload.length + "\n").getBytes(US_ASCII), payload);

        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Integer.parseInt(options.get("client-threads")),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        List<LatencyRecorder> recorders = new ArrayList<>();
        AtomicLong completed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Load load = new Load(group, epoll ? EpollSocketChannel.class : NioSocketChannel.class, host, port, frame,
                completed, failed);
        try {
            for (int i = 0; i < concurrency; i++) {
                LatencyRecorder recorder = new LatencyRecorder();
                recorders.add(recorder);
                load.startSlot(recorder);
            }
            Thread.sleep(Long.parseLong(options.get("warmup")) * 1000);
            load.measuring = true;
            long before = completed.get();
            long serverCpuBefore = serverThreadsCpuNanos();
            long start = System.nanoTime();
            Thread.sleep(Long.parseLong(options.get("seconds")) * 1000);
            long done = completed.get() - before;
            double seconds = (System.nanoTime() - start) / 1e9;
            long serverCpu = serverThreadsCpuNanos() - serverCpuBefore;
            load.running = false;
            load.measuring = false;
            Thread.sleep(500);
            long[] latencies = LatencyRecorder.merged(recorders);
            System.out.printf("tpp  requests/s %,.0f  (%,d requests in %.1f s, %d connections in flight, %d-byte body)%n",
                    done / seconds, done, seconds, concurrency, body.length());
            System.out.printf("tpp  round trip incl. connect: p50 %.0f us  p99 %.0f us  p99.9 %.0f us;  failures %d%n",
                    LatencyRecorder.percentileMicros(latencies, 50), LatencyRecorder.percentileMicros(latencies, 99),
                    LatencyRecorder.percentileMicros(latencies, 99.9), failed.get());
            Results.report("tpp", "requests/s, one connection each", done / seconds, "req/s");
            Results.report("tpp", "round trip p50", LatencyRecorder.percentileMicros(latencies, 50), "us");
            Results.report("tpp", "round trip p99", LatencyRecorder.percentileMicros(latencies, 99), "us");
            if (serverCpu > 0) {
                double micros = serverCpu / 1000.0 / done;
                System.out.printf("tpp  server threads' CPU per request %.1f us (user + system) = %,.0f requests/s per core%n",
                        micros, 1e6 / micros);
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
    }

    /** CPU time of the in-process server's threads (Patchbay's I/O, acceptor and TPP worker threads). */
    private static long serverThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("patchbay-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** The connect-request-reply-close loop of every slot. */
    private static final class Load {
        final Bootstrap bootstrap;
        final ByteBuf request;
        final AtomicLong completed;
        final AtomicLong failed;
        volatile boolean running = true;
        volatile boolean measuring;

        Load(EventLoopGroup group, Class<? extends Channel> channelType, String host, int port, byte[] frame,
             AtomicLong completed, AtomicLong failed) {
            this.request = Unpooled.unreleasableBuffer(Unpooled.directBuffer(frame.length).writeBytes(frame));
            this.completed = completed;
            this.failed = failed;
            this.bootstrap = new Bootstrap().group(group).channel(channelType)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .remoteAddress(host, port);
        }

        void startSlot(LatencyRecorder recorder) {
            if (!running) {
                return;
            }
            long start = System.nanoTime();
            Bootstrap slot = bootstrap.clone().handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(new DecimalLengthFrameDecoder(1 << 16));
                    channel.pipeline().addLast(new SimpleChannelInboundHandler<ByteBuf>() {
                        boolean replied;

                        @Override
                        public void channelActive(ChannelHandlerContext ctx) {
                            ctx.writeAndFlush(request.duplicate());
                        }

                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf reply) {
                            if (!reply.isReadable()) {
                                return; // the decoder's end-of-input marker (half-close support), not a reply
                            }
                            // {"code": 0, ...} -- anything else is a failure
                            replied = reply.readableBytes() > 10 && reply.getByte(9) == '0';
                            // The whole reply is here: close with a reset, so that neither side keeps
                            // the connection in TIME_WAIT. Otherwise tens of thousands of TIME_WAIT
                            // entries on one loopback address make every connect() hunt for a free
                            // port, and the load generator, not the server, sets the pace.
                            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                            ctx.close();
                        }

                        @Override
                        public void channelInactive(ChannelHandlerContext ctx) {
                            if (replied) {
                                completed.incrementAndGet();
                                if (measuring) {
                                    recorder.record(System.nanoTime() - start);
                                }
                            } else {
                                failed.incrementAndGet();
                            }
                            startSlot(recorder);
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            });
            slot.connect().addListener((ChannelFuture connected) -> {
                if (!connected.isSuccess()) {
                    failed.incrementAndGet();
                    connected.channel().eventLoop().schedule(() -> startSlot(recorder), 10, TimeUnit.MILLISECONDS);
                }
            });
        }
    }
}
