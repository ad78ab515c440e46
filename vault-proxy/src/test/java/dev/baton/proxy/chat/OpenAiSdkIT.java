package dev.baton.proxy.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.baton.protocol.Role;
import dev.baton.proxy.ProxyHarnessAccess;
import dev.baton.proxy.budget.BudgetLimits;
import dev.baton.proxy.budget.BudgetStore;
import dev.baton.testkit.ScriptedReply;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the official OpenAI Java SDK as a client of the proxy")
class OpenAiSdkIT {
    static ProxyHarnessAccess harness;

    @BeforeAll
    static void start() {
        harness = ProxyHarnessAccess.start(Map.of("BATON_PROXY_PRICE_REVIEWER_INPUT", "1"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static OpenAIClient client(Role role, String ticket) {
        return OpenAIOkHttpClient.builder().baseUrl(harness.baseUrl() + "/v1").apiKey(harness.token(role, ticket))
                .maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    static ChatCompletionCreateParams.Builder params(String prompt) {
        return ChatCompletionCreateParams.builder().model("gpt-whatever").addUserMessage(prompt);
    }

    @Test
    void shouldCompleteAPlainChat() {
        harness.upstream().script("pm", ScriptedReply.text("a plan"));

        ChatCompletion completion = client(Role.PM, ProxyHarnessAccess.ticket()).chat().completions()
                .create(params("plan this").build());

        assertThat(completion.choices().getFirst().message().content()).hasValue("a plan");
        assertThat(completion.usage()).hasValueSatisfying(usage -> assertThat(usage.totalTokens()).isPositive());
    }

    @Test
    void shouldPassToolsThroughAndReturnTheToolCall() {
        harness.upstream().script("engineer", ScriptedReply.toolCall("read_file", "{\"path\":\"README.md\"}"));
        var tool = FunctionDefinition.builder().name("read_file").description("reads a file")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("path", Map.of("type", "string"))))
                        .build())
                .build();

        ChatCompletion completion = client(Role.ENGINEER, ProxyHarnessAccess.ticket()).chat().completions()
                .create(params("read the readme").addFunctionTool(tool)
                        .toolChoice(ChatCompletionToolChoiceOption.Auto.AUTO).build());

        var call = completion.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("read_file");
        assertThat(call.function().arguments()).isEqualTo("{\"path\":\"README.md\"}");
        var forwarded = harness.upstream().requests("engineer").getLast().body();
        assertThat(forwarded.at("/tools/0/function/name").asText()).isEqualTo("read_file");
        assertThat(forwarded.get("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void shouldStreamChunksAsTheyArrive() {
        harness.upstream().script("reviewer", ScriptedReply.text("the diff meets every criterion"));

        String text;
        try (StreamResponse<ChatCompletionChunk> stream = client(Role.REVIEWER, ProxyHarnessAccess.ticket()).chat()
                .completions().createStreaming(params("review").build())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();
            assertThat(chunks.size()).isGreaterThan(2);
            text = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                    .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
        }

        assertThat(text).isEqualTo("the diff meets every criterion");
    }

    @Test
    void shouldSurfaceBudgetExceededAsARateLimitError() {
        var budgets = new BudgetStore(harness.redis());
        budgets.set(Role.REVIEWER, new BudgetLimits(null, null, new BigDecimal("0"), null));
        try {
            assertThatThrownBy(() -> client(Role.REVIEWER, ProxyHarnessAccess.ticket()).chat().completions()
                    .create(params("review").build()))
                    .isInstanceOfSatisfying(RateLimitException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(429);
                        assertThat(e.code()).hasValue("BUDGET_EXCEEDED");
                    });
        } finally {
            budgets.set(Role.REVIEWER, BudgetLimits.NONE);
        }
    }
}
