package dev.patchbay.httpqueue;

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
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each complete request to the {@link RequestDispatcher} and writes the answer. One
 * request at a time per connection (reading pauses until the answer is written), so pipelined requests are answered in order and a fast client cannot queue unbounded work.
 */
final class HttpQueueHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = LoggerFactory.getLogger(HttpQueueHandler.class);

    private final RequestInbox inbox;
    private final RequestTimes times;

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
        HttpQueueRequest queueRequest = new HttpQueueRequest(request.method().name(), uri.path(), query, headers,
                ByteBufUtil.getBytes(request.content()), String.valueOf(ctx.channel().remoteAddress()));
        ctx.channel().config().setAutoRead(false);
        RequestTimes.Route route = RequestTimes.Route.of(queueRequest.method(), queueRequest.path());
        boolean accepted = inbox.offer(new RequestInbox.Pending(queueRequest,
                answer -> ctx.channel().eventLoop().execute(() -> {
                    // recorded first: once written, the client may read the metrics before this line ran
                    times.record(route, System.nanoTime() - received);
                    write(ctx, answer, keepAlive);
                })));
        if (!accepted) {
            write(ctx, HttpQueueService.error(503, "The server is busy; try again."), keepAlive);
        }
    }

    static void write(ChannelHandlerContext ctx, HttpQueueResponse answer, boolean keepAlive) {
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
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) written -> {
            if (!keepAlive || !written.isSuccess()) {
                written.channel().close();
            } else {
                written.channel().config().setAutoRead(true);
                written.channel().read();
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            LOG.debug("http-queue[{}] closed: idle", ctx.channel().id().asShortText());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            LOG.debug("http-queue[{}] closed: {}", ctx.channel().id().asShortText(), cause.toString());
        } else {
            LOG.warn("http-queue[{}] closed after an error", ctx.channel().id().asShortText(), cause);
        }
        ctx.close();
    }

}
