package syna.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import syna.api.InvalidArgumentException;
import syna.api.SerializationException;
import syna.api.SynaIOException;

/** Reading command input from files and standard input, bounded and strictly decoded. Thread-safe (stateless). */
final class Sources {
    private Sources() {}

    /** Every byte of {@code in}, at most {@code limit}; more is an {@link InvalidArgumentException}. */
    static byte[] readAll(InputStream in, int limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 << 10];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > limit) {
                throw new InvalidArgumentException(what + " is over " + limit + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The bytes of {@code file}, at most {@code limit}; a missing file names itself. */
    static byte[] readFile(Path file, int limit, String what) {
        try {
            long size = Files.size(file);
            if (size > limit) {
                throw new InvalidArgumentException(what + ": " + file + " is " + size + " bytes, over " + limit);
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidArgumentException(what + ": no file " + file, e);
        } catch (IOException e) {
            throw new SynaIOException("cannot read " + what + " from " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code raw} decoded as UTF-8, refusing malformed input (no replacement characters). */
    static String utf8(byte[] raw, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new SerializationException(what + " is not valid UTF-8 (" + e + ")", e);
        }
    }
}
