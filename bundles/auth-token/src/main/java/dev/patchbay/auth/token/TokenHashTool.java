package dev.patchbay.auth.token;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.mindrot.jbcrypt.BCrypt;

/**
 * Prints the bcrypt hash of a token, for the {@code token.hashes} setting.
 *
 * <pre>java -jar patchbay-auth-token.jar [cost]   (reads the token from the console or stdin)</pre>
 *
 * The token is never taken from the command line, where other users could see it.
 */
public final class TokenHashTool {

    private TokenHashTool() {
    }

    public static void main(String[] args) throws IOException {
        int cost = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Console console = System.console();
        String token;
        if (console != null) {
            char[] typed = console.readPassword("token: ");
            token = typed == null ? null : new String(typed);
        } else {
            token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (token == null || token.isEmpty()) {
            System.err.println("no token given");
            System.exit(2);
        }
        // jBCrypt writes $2a$; Python's bcrypt writes $2b$. Both verify everywhere; prefer $2b$.
        System.out.println("$2b$" + BCrypt.hashpw(token, BCrypt.gensalt(cost)).substring(4));
    }
}
