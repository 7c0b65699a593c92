package dev.baton.client.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER this package needs: reading one element's tag and bounds, and writing a tag-length-value.
 * Enough to wrap the two traditional key encodings (PKCS#1 RSA, SEC1 EC) into PKCS#8, which the JDK reads.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** SEC1's {@code [0] parameters}. */
    static final int CONTEXT_0 = 0xa0;

    /** One element of {@code bytes}: its tag, where its header starts, where its content starts and ends. */
    record Element(byte[] bytes, int tag, int header, int start, int end) {
        byte[] content() {
            return Arrays.copyOfRange(bytes, start, end);
        }

        /** The whole element, tag and length included. */
        byte[] encoded() {
            return Arrays.copyOfRange(bytes, header, end);
        }
    }

    private Der() {
    }

    /** The element whose tag byte is at {@code at}; null when the bytes are not DER. */
    static Element read(byte[] b, int at) {
        if (at < 0 || at + 2 > b.length) {
            return null;
        }
        int tag = b[at] & 0xff;
        int len = b[at + 1] & 0xff;
        int p = at + 2;
        if (len >= 0x80) {
            int count = len & 0x7f;
            if (count == 0 || count > 3 || p + count > b.length) {
                return null;
            }
            len = 0;
            for (int i = 0; i < count; i++) {
                len = (len << 8) | (b[p++] & 0xff);
            }
        }
        if (p + len > b.length) {
            return null;
        }
        return new Element(b, tag, at, p, p + len);
    }

    /** The children of a constructed element, in order; null when one of them is not DER. */
    static java.util.List<Element> children(Element parent) {
        java.util.List<Element> out = new java.util.ArrayList<>();
        int p = parent.start();
        while (p < parent.end()) {
            Element child = read(parent.bytes(), p);
            if (child == null || child.end() > parent.end()) {
                return null;
            }
            out.add(child);
            p = child.end();
        }
        return out;
    }

    /** {@code tag}, its length in DER's definite form, then {@code content}. */
    static byte[] tlv(int tag, byte[]... content) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : content) {
            body.writeBytes(c);
        }
        int n = body.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write((n >> 8) & 0xff);
            out.write(n & 0xff);
        }
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** An OBJECT IDENTIFIER in dotted form, e.g. {@code 1.2.840.10045.2.1}. */
    static String oid(Element e) {
        byte[] b = e.bytes();
        StringBuilder s = new StringBuilder();
        long value = 0;
        boolean first = true;
        for (int i = e.start(); i < e.end(); i++) {
            value = (value << 7) | (b[i] & 0x7f);
            if ((b[i] & 0x80) == 0) {
                if (first) {
                    long top = Math.min(value / 40, 2);
                    s.append(top).append('.').append(value - top * 40);
                    first = false;
                } else {
                    s.append('.').append(value);
                }
                value = 0;
            }
        }
        return s.toString();
    }
}
