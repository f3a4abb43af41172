package io.darktower.gateway.api;

import io.darktower.errors.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests that Reactor Netty refuses before WebFlux sees them answer problem+json too. Netty's HTTP decoder marks a
 * request it cannot read (a request line longer than {@code server.netty.max-initial-line-length}, headers larger
 * than {@code server.max-http-request-header-size}, a header with a control character, bytes that are not HTTP) and
 * Reactor Netty then answers an empty 400/414/431; a request target that is no URI (a malformed {@code %} escape)
 * passes Netty and is answered an empty 400 by Spring's adapter. A handler placed right after the HTTP codec answers
 * both first, with the same status and a problem body ({@code INVALID_REQUEST}, a fresh {@code requestId}), then
 * closes the connection: after a decoding failure nothing more on it can be trusted.
 *
 * <p>What still cannot answer a problem: a connection closed or timed out before a request line arrives (there is no
 * request to answer), a failure in a body's chunk encoding or trailers (the request is already being handled and its
 * answer may be under way: the connection is closed), and these answers carry no {@code X-RateLimit-*} headers (they
 * are refused before anything is counted).
 */
@Component
public class HttpLayerProblems implements NettyServerCustomizer {

    static final String HANDLER = "darktower.httpLayerProblems";

    private final JsonMapper json;

    public HttpLayerProblems(JsonMapper json) {
        this.json = json;
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(HANDLER) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new Refuser());
            }
        });
    }

    /** What a refused request is answered, or null when the request is one WebFlux can take. */
    record Refusal(HttpStatus status, String detail) {

        static Refusal of(HttpRequest request) {
            DecoderResult result = request.decoderResult();
            if (result.isFailure()) {
                Throwable cause = result.cause();
                if (cause instanceof TooLongHttpLineException) {
                    return new Refusal(HttpStatus.URI_TOO_LONG, "the request line is too long");
                }
                if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                    return new Refusal(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request headers are too large");
                }
                return new Refusal(HttpStatus.BAD_REQUEST, "the request is not valid HTTP (request line or headers)");
            }
            try {
                new URI(request.uri());
                return null;
            } catch (URISyntaxException e) {
                return new Refusal(HttpStatus.BAD_REQUEST, "the request target is not a valid URI");
            }
        }
    }

    private Map<String, Object> problem(Refusal refusal, String requestId) {
        ProblemDetail problem = Problems.body(ErrorCode.INVALID_REQUEST, null, refusal.detail(), refusal.status(),
                null, requestId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /**
     * One per connection: once it refused a request, it drops whatever the decoder still passes on. It answers only
     * when no earlier request on the connection still awaits its response (counted from the responses written through
     * it), so answers stay in order; a refused request pipelined behind one in flight is left to Reactor Netty, which
     * answers it in turn (an empty 400).
     */
    private final class Refuser extends ChannelDuplexHandler {

        private boolean refused;
        private int pending;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (refused) {
                ReferenceCountUtil.release(msg);
                return;
            }
            if (msg instanceof HttpRequest request) {
                Refusal refusal = pending == 0 ? Refusal.of(request) : null;
                if (refusal != null) {
                    refused = true;
                    ReferenceCountUtil.release(msg);
                    answer(ctx, refusal);
                    return;
                }
                pending++;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean interim = msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (msg instanceof LastHttpContent && !interim && pending > 0) {
                pending--;
            }
            ctx.write(msg, promise);
        }

        private void answer(ChannelHandlerContext ctx, Refusal refusal) {
            String requestId = UUID.randomUUID().toString();
            byte[] body = json.writeValueAsBytes(problem(refusal, requestId));
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(refusal.status().value()), Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set(RequestContext.REQUEST_ID_HEADER, requestId);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
