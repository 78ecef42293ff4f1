package org.ibal.functions.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Copies everything printed to {@code System.out} while it is open (the console keeps its output), so a test can
 * prove what the functions' logs do and do not contain. {@link #close()} puts the original stream back.
 */
public final class CapturedOutput implements AutoCloseable {
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final PrintStream original;

    private CapturedOutput() {
        original = System.out;
        System.setOut(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    }

    /** Starts copying {@code System.out}. */
    public static CapturedOutput ofSystemOut() {
        return new CapturedOutput();
    }

    /** All printed since {@link #ofSystemOut()}. */
    public String text() {
        synchronized (copy) {
            return copy.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        System.setOut(original);
    }

    /** Writes to both streams. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            first.write(b, off, len);
            synchronized (second) {
                second.write(b, off, len);
            }
        }
    }
}
