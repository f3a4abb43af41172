package io.darktower.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

final class Ports {

    private Ports() {
    }

    /** {@code requested}, or a free port when it is 0. */
    static int orFree(int requested) {
        if (requested != 0) {
            return requested;
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Fails, naming the server and the setting that moves it, when a fixed port is taken: found before anything
     * starts, rather than as a server's confused failure half-way through the start.
     */
    static void requireFree(int port, String server, String setting) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new IllegalStateException(server + " cannot listen on 127.0.0.1:" + port
                    + ": the port is in use by another process (" + setting + " chooses another)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
