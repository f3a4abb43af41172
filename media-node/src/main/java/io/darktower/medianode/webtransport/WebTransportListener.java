package io.darktower.medianode.webtransport;

import io.netty.handler.codec.http3.Http3Headers;

/** The application behind a {@link WebTransportServer}: decides about each new session. */
public interface WebTransportListener {

    /**
     * A client asked for a session with an extended CONNECT on the server's path. Runs on the connection's event loop.
     *
     * @return the session's handler, or {@code null} to refuse it (the CONNECT is answered 403)
     */
    SessionHandler accept(WebTransportSession session, Http3Headers request);
}
