package dev.baton.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The console's templates, compiled to Java classes at build time (jte-maven-plugin, package
 * {@code dev.baton.console.templates}): the server loads them as classes and compiles nothing at run time, so the
 * shaded {@code baton} jar serves pages on a JRE without a compiler. Output is HTML-escaped by the templates.
 */
final class Templates {

    static final String PACKAGE = "dev.baton.console.templates";
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(null, ContentType.Html, null, PACKAGE);

    /** Renders {@code name} (without {@code .jte}) with its parameters. */
    String render(String name, Map<String, Object> params) {
        StringOutput out = new StringOutput(8192);
        engine.render(name + ".jte", params, out);
        return out.toString();
    }
}
