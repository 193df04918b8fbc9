package dev.patchbay.httpqueue;

import dev.patchbay.support.ConnectionFailure;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each complete request to the {@link RequestDispatcher} and writes the answer. One
 * request at a time per connection: a request that arrives while the previous one is being
 * answered (HTTP pipelining) waits here, so answers go out in request order whatever the store
 * does; once {@value #MAX_PIPELINED} wait, the connection stops reading until they are answered,
 * so a fast client cannot queue unbounded work. Clients that send one request at a time never
 * touch the socket's read interest (turning it off and on is two system calls per request).
 */
final class HttpQueueHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpQueueHandler.class);
    static final int MAX_PIPELINED = 16;

    private final RequestInbox inbox;
    private final RequestTimes times;
    /** Requests read while another one is being answered; event loop only. */
    private final ArrayDeque<Received> pipelined = new ArrayDeque<>();
    private boolean answering;

    /** A request as read, with what its answer needs to know. */
    private record Received(HttpQueueRequest request, boolean keepAlive, long nanos) {
    }

    HttpQueueHandler(RequestInbox inbox, RequestTimes times) {
        this.inbox = inbox;
        this.times = times;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        long received = System.nanoTime();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            LOG.debug("http-queue[{}] bad request: {}", ctx.channel().id().asShortText(), request.decoderResult().cause().toString());
            answering = true;
            write(ctx, HttpQueueService.error(400, "Bad request: " + request.decoderResult().cause().getMessage()), false);
            return;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<String, String> query = new HashMap<>();
        uri.parameters().forEach((name, values) -> query.put(name, values.get(0)));
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
        }
        String contentType = headers.get("content-type");
        if (contentType != null) {
            headers.put("content-type", contentType.trim());
        }
        Received next = new Received(new HttpQueueRequest(request.method().name(), uri.path(), query, headers,
                ByteBufUtil.getBytes(request.content()), String.valueOf(ctx.channel().remoteAddress())), keepAlive, received);
        if (answering) {
            pipelined.add(next);
            if (pipelined.size() >= MAX_PIPELINED) {
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        answer(ctx, next);
    }

    private void answer(ChannelHandlerContext ctx, Received received) {
        answering = true;
        RequestTimes.Route route = RequestTimes.Route.of(received.request().method(), received.request().path());
        boolean accepted = inbox.offer(new RequestInbox.Pending(received.request(),
                answer -> ctx.channel().eventLoop().execute(() -> {
                    // recorded first: once written, the client may read the metrics before this line ran
                    times.record(route, System.nanoTime() - received.nanos(), answer.status());
                    answered(ctx, write(ctx, answer, received.keepAlive()));
                })));
        if (!accepted) {
            times.answered(route, 503);
            answered(ctx, write(ctx, HttpQueueService.error(503, "The server is busy; try again."), received.keepAlive()));
        }
    }

    /** The answer is on its way: the next pipelined request may go, or reading resumes. */
    private void answered(ChannelHandlerContext ctx, boolean open) {
        answering = false;
        if (!open) {
            pipelined.clear();
            return;
        }
        Received next = pipelined.poll();
        if (next != null) {
            answer(ctx, next);
        } else if (!ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** @return whether the connection stays open for the next request */
    static boolean write(ChannelHandlerContext ctx, HttpQueueResponse answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        // names exactly as given: scirocco's Python client matches them case-sensitively
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        if (answer.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        return keepAlive && ctx.channel().isActive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ConnectionFailure.logClosed(LOG, "http-queue[" + ctx.channel().id().asShortText() + "]", cause);
        ctx.close();
    }

}
