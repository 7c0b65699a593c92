package dev.baton.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One keep-alive HTTP/1.1 connection over a plain socket: the smallest client that can talk to the
 * server, so the driver spends as little of the shared CPU as possible, and 10,000 of them cost only
 * their buffers (the JDK client would work for the pairs but adds its own selector thread and
 * per-request objects). It counts every TCP connection it opens ({@link #OPENED}), so the report can
 * show that connections were reused. Not thread-safe: one connection per client thread.
 */
final class Http1 implements AutoCloseable {

    /** TCP connections opened by every {@code Http1} in this JVM. */
    static final AtomicLong OPENED = new AtomicLong();

    private final String host;
    private final int port;
    private final String authorization;
    private final int bufferSize;
    private String extraHeaders = "";
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** A response: status, body and whether the server closed the connection after it. */
    record Response(int status, byte[] body, boolean closed) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Http1(String host, int port, String user, String password, int bufferSize) {
        this.host = host;
        this.port = port;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.bufferSize = bufferSize;
    }

    Http1(String host, int port, String user, String password) {
        this(host, port, user, password, 8192);
    }

    /** Sends this header with every request (e.g. FleetLock's {@code fleet-lock-protocol: true}). */
    Http1 withHeader(String name, String value) {
        extraHeaders += name + ": " + value + "\r\n";
        return this;
    }

    void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), 30_000);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), bufferSize);
        out = new BufferedOutputStream(s.getOutputStream(), 1024);
        OPENED.incrementAndGet();
    }

    /**
     * Sends a request and reads its answer. If a kept-alive connection turns out to have been closed by
     * the server (its idle timeout) before any byte of the answer came, reconnects and sends once more.
     */
    Response call(String method, String path, String json) throws IOException {
        boolean reused = socket != null;
        nothingReceived = true;
        try {
            send(method, path, json);
            return receive();
        } catch (EOFException | java.net.SocketException e) {
            if (!reused || !nothingReceived) {
                throw e;
            }
            close();
            send(method, path, json);
            return receive();
        }
    }

    /** Set while reading an answer until its first byte arrives. */
    private boolean nothingReceived;

    void send(String method, String path, String json) throws IOException {
        if (socket == null) {
            connect();
        }
        byte[] body = json == null ? null : json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(200).append(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: ").append(host).append(':').append(port)
                .append("\r\nAuthorization: ").append(authorization)
                .append("\r\nAccept: application/json\r\n").append(extraHeaders);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    Response receive() throws IOException {
        try {
            nothingReceived = true;
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP response: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = statusLine.startsWith("HTTP/1.0");
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> close = value.equalsIgnoreCase("close");
                    default -> { }
                }
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    buffer.write(exactly(n));
                    line();
                }
                body = buffer.toByteArray();
            } else if (length >= 0) {
                body = exactly((int) length);
            } else {
                body = in.readAllBytes();
                close = true;
            }
            if (close) {
                close();
            }
            return new Response(status, body, close);
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException("bad HTTP response: " + e, e);
        }
    }

    private byte[] exactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("connection closed in the middle of a body");
        }
        return bytes;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            nothingReceived = false;
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
