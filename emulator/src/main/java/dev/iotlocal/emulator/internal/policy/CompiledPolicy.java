package dev.iotlocal.emulator.internal.policy;

import dev.iotlocal.emulator.internal.policy.PolicyDocument.Effect;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A policy document made ready for evaluation, once, when it is stored (not per request): action names lower-cased
 * for IAM's case-insensitive match, and its resources and condition values split around their policy variables.
 * Immutable and thread-safe.
 */
public final class CompiledPolicy {

    private final PolicyDocument document;
    private final List<Statement> statements;

    private CompiledPolicy(PolicyDocument document, List<Statement> statements) {
        this.document = document;
        this.statements = List.copyOf(statements);
    }

    public static CompiledPolicy compile(PolicyDocument document) {
        boolean variables = document.hasPolicyVariables();
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < document.statements().size(); i++) {
            PolicyDocument.Statement statement = document.statements().get(i);
            boolean notAction = statement.actions().isEmpty();
            boolean notResource = statement.resources().isEmpty();
            List<String> actions = (notAction ? statement.notActions() : statement.actions()).stream()
                    .map(action -> action.toLowerCase(Locale.ROOT)).toList();
            List<Template> resources = (notResource ? statement.notResources() : statement.resources()).stream()
                    .map(resource -> Template.of(resource, variables)).toList();
            List<Condition> conditions = new ArrayList<>();
            statement.conditions().forEach((operator, keys) -> keys.forEach((key, values) ->
                    conditions.add(Condition.of(operator, key, values, variables))));
            statements.add(new Statement(i + 1, statement.sid(), statement.effect(), actions, notAction, resources, notResource, conditions));
        }
        return new CompiledPolicy(document, statements);
    }

    /** Parses, checks and compiles a document; {@link PolicyDocument#parse} says what is refused. */
    public static CompiledPolicy parse(String json) {
        return compile(PolicyDocument.parse(json));
    }

    public PolicyDocument document() {
        return document;
    }

    List<Statement> statements() {
        return statements;
    }

    /**
     * One statement, compiled.
     *
     * @param number    its place in the document, from 1, for messages
     * @param actions   lower-cased patterns of {@code Action}, or of {@code NotAction} when {@code notAction}
     * @param resources of {@code Resource}, or of {@code NotResource} when {@code notResource}
     */
    record Statement(int number, Optional<String> sid, Effect effect, List<String> actions, boolean notAction,
                     List<Template> resources, boolean notResource, List<Condition> conditions) {

        /** Whether its Action (or NotAction) covers an action, given lower-cased. */
        boolean covers(String action) {
            boolean listed = false;
            for (String pattern : actions) {
                if (Wildcards.matches(pattern, action)) {
                    listed = true;
                    break;
                }
            }
            return listed != notAction;
        }

        /** The first of its conditions that does not hold for the request, or null when all hold. */
        Condition failingCondition(RequestContext context, Collection<String> missing) {
            for (Condition condition : conditions) {
                if (!condition.holds(context, missing)) {
                    return condition;
                }
            }
            return null;
        }

        /** How a message names it: {@code statement 2 (Sid "AllowTelemetry")}. */
        String described() {
            return "statement " + number + sid.map(s -> " (Sid \"" + s + "\")").orElse("");
        }
    }
}
