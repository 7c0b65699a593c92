package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-kept {@code openapi.json} is a valid OpenAPI 3.0.3 document, as a real validator (swagger-parser) reads
 * it, with an {@code operationId} on every operation (issue 13: it declared 3.0.3 and used 3.1 syntax). That every
 * route is in it is checked against the running server by {@code NativeApiTest}.
 */
class OpenApiDocumentTest {

    private static SwaggerParseResult parse() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(OpsApi.openApiDocument(), null, options);
    }

    @Test
    void theDocumentIsValidOpenApi303() {
        SwaggerParseResult result = parse();
        assertThat(result.getMessages()).as("validation messages").isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
    }

    @Test
    void everyOperationHasAUniqueOperationId() {
        OpenAPI api = parse().getOpenAPI();
        List<String> missing = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            if (operation.getOperationId() == null || operation.getOperationId().isBlank()) {
                missing.add(method + " " + path);
            } else {
                ids.add(operation.getOperationId());
            }
        }));
        assertThat(missing).as("operations without an operationId").isEmpty();
        assertThat(ids).doesNotHaveDuplicates().allMatch(id -> id.matches("[a-z][A-Za-z0-9]*"));
        assertThat(ids).hasSize(api.getPaths().values().stream().mapToInt(i -> i.readOperations().size()).sum());
    }
}
