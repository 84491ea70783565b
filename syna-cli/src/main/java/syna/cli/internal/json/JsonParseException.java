package syna.cli.internal.json;

import java.io.Serial;
import syna.api.SerializationException;

/** Text that is not valid JSON; the message names the line, the column and what was expected. */
public final class JsonParseException extends SerializationException {
    @Serial private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /** An error at {@code line}:{@code column} (both 1-based). */
    public JsonParseException(int line, int column, String problem) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the error. */
    public int line() {
        return line;
    }

    /** 1-based column of the error. */
    public int column() {
        return column;
    }
}
