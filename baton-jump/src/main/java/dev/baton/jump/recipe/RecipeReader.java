package dev.baton.jump.recipe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a recipe: jump2nr's configuration language, line by line, then checks it as a whole ({@link RecipeCheck}).
 * Never throws on what the file holds: whatever is wrong becomes a {@link RecipeProblem} with its line, and every
 * problem is reported, not only the first.
 *
 * <p>The line forms, as jump2nr had them:
 * <ul>
 * <li>blank lines, and comments: {@code #} in column one (a line whose first non-blank character is {@code #} is a
 * comment too; a {@code #} later in a line is part of the line, as in jump2nr);</li>
 * <li>{@code key=value} and {@code key = value}: the value is everything after the first {@code =}, trimmed, and may
 * itself hold {@code =};</li>
 * <li>{@code key=`cmd`}: the standard output of {@code cmd}, run on the Baton side;</li>
 * <li>{@code print string}, {@code local cmd}, {@code remote cmd} (keywords in any case: the sample's
 * {@code #Print});</li>
 * <li>{@code jump(function, parms)}: a built-in, arguments separated by commas; spaces around the parentheses and
 * commas do not matter, and the name is case-insensitive. {@code Function(parms)} (the sample's
 * {@code Showvars()}) is the same as {@code jump(Function, parms)}.</li>
 * </ul>
 * Leading and trailing blanks of a line are ignored; lines may end with CRLF; a UTF-8 byte order mark is skipped.
 * Quote characters ({@code '} and {@code "}) are removed from the commands of {@code local}, {@code remote} and
 * {@code key=`cmd`}, as jump2nr did; not from values, messages or built-in arguments.
 */
public final class RecipeReader {

    private static final Pattern KEYWORD = Pattern.compile("(?i)(print|local|remote)(?:\\s+(.*))?", Pattern.DOTALL);
    private static final Pattern JUMP = Pattern.compile("(?i)jump\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern JUMP_OPEN = Pattern.compile("(?i)jump\\s*\\(.*", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*\\((.*)\\)", Pattern.DOTALL);
    private static final Pattern ASSIGN = Pattern.compile("([^=\\s]+)\\s*=(.*)", Pattern.DOTALL);
    private static final String FORMS = "a line is a comment (# in column one), key=value, key=`command`, "
            + "print TEXT, local COMMAND, remote COMMAND or jump(BUILTIN, ARGUMENTS)";

    private RecipeReader() {
    }

    /**
     * Reads and checks the recipe in {@code file} (UTF-8).
     *
     * @throws IOException when the file cannot be read at all; a file that is not UTF-8 text is a problem of the
     *                     recipe (at the line of the first bad byte), not an exception
     */
    public static Recipe read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            return parse(file, text);
        } catch (CharacterCodingException e) {
            return new Recipe(file, List.of(), List.of(new RecipeProblem(file, firstBadLine(bytes),
                    "this line is not UTF-8 text: save the recipe as UTF-8")));
        }
    }

    /** Reads and checks a recipe's text; {@code file} is where it came from, for the problems and the directory. */
    public static Recipe parse(Path file, String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Statement> statements = new ArrayList<>();
        List<RecipeProblem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String source = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            int line = i + 1;
            List<String> messages = new ArrayList<>();
            Statement statement = statement(line, source, messages);
            if (statement != null) {
                statements.add(statement);
            }
            messages.forEach(m -> problems.add(new RecipeProblem(file, line, m)));
        }
        problems.addAll(RecipeCheck.check(file, statements));
        problems.sort(Comparator.comparingInt(RecipeProblem::line));
        return new Recipe(file, statements, problems);
    }

    /** The statement of one line, or null for a blank line, a comment or a line that is not a statement. */
    private static Statement statement(int line, String source, List<String> problems) {
        String text = source.strip();
        if (text.isEmpty() || text.startsWith("#")) {
            return null;
        }
        Matcher m = KEYWORD.matcher(text);
        if (m.matches()) {
            String keyword = m.group(1).toLowerCase(Locale.ROOT);
            String rest = m.group(2) == null ? "" : m.group(2).strip();
            if (keyword.equals("print")) {
                return new Statement.Print(line, source, rest);
            }
            String command = withoutQuotes(rest).strip();
            if (command.isEmpty()) {
                problems.add("'" + keyword + "' needs a command to run, e.g. " + keyword + " echo hello");
                return null;
            }
            return keyword.equals("local") ? new Statement.Local(line, source, command) : new Statement.Remote(line, source, command);
        }
        m = JUMP.matcher(text);
        if (m.matches()) {
            return builtin(line, source, m.group(1), true, problems);
        }
        if (JUMP_OPEN.matcher(text).matches()) {
            problems.add("jump(...) must end the line: ')' is missing, or something follows it (a comment needs a line of its own)");
            return null;
        }
        m = CALL.matcher(text);
        if (m.matches()) {
            return builtin(line, source, m.group(1) + "," + m.group(2), false, problems);
        }
        m = ASSIGN.matcher(text);
        if (m.matches()) {
            return assignment(line, source, m.group(1), m.group(2).strip(), problems);
        }
        problems.add("not a statement: " + FORMS);
        return null;
    }

    private static Statement builtin(int line, String source, String inside, boolean viaJump, List<String> problems) {
        List<String> parts = Arrays.stream(inside.split(",", -1)).map(String::strip).toList();
        String function = parts.getFirst();
        List<String> args = parts.subList(1, parts.size());
        if (args.size() == 1 && args.getFirst().isEmpty()) {
            args = List.of(); // Showvars() and jump(showvars, ): a lone empty argument is none
        }
        if (function.isEmpty() || !Variables.isName(function)) {
            problems.add((function.isEmpty() ? "jump() needs the name of a built-in first"
                    : "'" + function + "' is not the name of a built-in") + ", e.g. jump(showvars); the built-ins are "
                    + Builtins.names());
            return null;
        }
        if (!viaJump && Builtins.spec(function).isEmpty()) {
            problems.add("unknown built-in '" + function + "' (to call a built-in write jump(NAME, ARGUMENTS); "
                    + "the built-ins are " + Builtins.names() + ")");
            return null;
        }
        return new Statement.Builtin(line, source, function.toLowerCase(Locale.ROOT), args);
    }

    private static Statement assignment(int line, String source, String name, String value, List<String> problems) {
        if (!Variables.isName(name)) {
            problems.add("'" + name + "' is not a variable name: use letters, digits and '_', not starting with a digit");
            return null;
        }
        if (InternalVariables.isInternal(name)) {
            problems.add(name + " is set by Baton itself and cannot be assigned: choose another name");
            return null;
        }
        if (!value.startsWith("`")) {
            return new Statement.Assign(line, source, name, value);
        }
        if (value.length() < 2 || !value.endsWith("`")) {
            problems.add("the command of " + name + " is not closed: write " + name + "=`command`");
            return null;
        }
        String command = withoutQuotes(value.substring(1, value.length() - 1)).strip();
        if (command.isEmpty()) {
            problems.add("the command of " + name + " is empty: write " + name + "=`command`");
            return null;
        }
        return new Statement.AssignOutput(line, source, name, command);
    }

    /** jump2nr removed every quote character from commands. */
    static String withoutQuotes(String command) {
        return command.replace("'", "").replace("\"", "");
    }

    private static int firstBadLine(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 1;
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                try {
                    decoder.reset().decode(ByteBuffer.wrap(bytes, start, i - start));
                } catch (CharacterCodingException e) {
                    return line;
                }
                line++;
                start = i + 1;
            }
        }
        return 1;
    }
}
