package syna.cli.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import syna.api.Database;

/**
 * The database a {@code syna shell} holds open for the commands it runs: each command gets a view whose
 * {@code close()} does nothing, so the shell's warm database (and JVM) serve every command. Not
 * thread-safe; one per shell.
 *
 * @param database the open database, closed by the shell when it ends
 * @param readOnly whether the shell opened it read-only (a snapshot, without the lock)
 */
record Session(Database database, boolean readOnly) {
    /** The directory of the shell's database. */
    Path path() {
        return database.path();
    }

    /** The database for one command: every call goes to the shell's database except {@code close()}. */
    Database view() {
        InvocationHandler h = (Object proxy, Method m, Object[] args) -> {
            if (m.getName().equals("close") && m.getParameterCount() == 0) {
                return null;
            }
            try {
                return m.invoke(database, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Database) Proxy.newProxyInstance(Database.class.getClassLoader(), new Class<?>[] {Database.class}, h);
    }
}
