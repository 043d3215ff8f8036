package cn.xieshang.system;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelException;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.function.CustomFunctionTransformer;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.dmn.feel.impl.scala.spin.SpinValueMapperFactory;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.api.EvaluationFailure;
import org.camunda.feel.api.EvaluationFailureType;
import org.camunda.feel.context.Context;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.FunctionProvider;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.impl.JavaValueMapper;
import org.camunda.feel.impl.interpreter.BuiltinFunctions;
import org.camunda.feel.impl.interpreter.EvalContext;
import org.camunda.feel.impl.interpreter.FeelInterpreter;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.camunda.feel.syntaxtree.Val;
import org.camunda.feel.syntaxtree.ValError;
import org.camunda.feel.syntaxtree.ValFatalError;
import org.camunda.feel.valuemapper.CustomValueMapper;
import org.camunda.feel.valuemapper.ValueMapper;

/**
 * The application's FEEL engine, for the decision tables in {@code processes/} (the DMN engine's FEEL, registered by
 * {@link FeelEnginePlugin}) and for the forms' hide conditions: feel-scala 1.19, as Camunda's own
 * {@code ScalaFeelEngine} uses it (the same value mappers: Java and Spin; the same custom functions), with two costs
 * removed that showed in the concern's profile. feel-scala builds its table of built-in functions anew for every
 * evaluation (about 65 µs of the 70 µs a cell takes here), and Camunda's integration parses each cell at every
 * evaluation. Here the built-in functions are built once (they hold no state: the clock is read when a function is
 * called) and each expression is parsed once; every evaluation still gets its own context and failure collector.
 * <p>
 * It builds on feel-scala's interpreter classes ({@code impl.interpreter}), which Camunda 7.24 pins at 1.19: a newer
 * feel-scala may need this class changed; {@code FeelTest} compares it with the plain engine.
 */
public final class Feel implements FeelEngine {

    private static final Feel STANDARD = new Feel(List.of());
    /** Past this many distinct expressions, new ones are parsed at each use rather than kept. */
    private static final int KEPT = 10_000;

    private final org.camunda.feel.FeelEngine parser;
    private final ValueMapper valueMapper;
    private final FunctionProvider functions;
    private final FeelInterpreter interpreter;
    private final Map<String, Parsed> expressions = new ConcurrentHashMap<>();
    private final Map<String, Parsed> unaryTests = new ConcurrentHashMap<>();

    /** An expression as parsed, or why it could not be. */
    private record Parsed(ParsedExpression expression, String failure) {
    }

    public Feel(List<FeelCustomFunctionProvider> functionProviders) {
        List<CustomValueMapper> mappers = new java.util.ArrayList<>();
        mappers.add(new JavaValueMapper());
        CustomValueMapper spin = new SpinValueMapperFactory().createInstance();
        if (spin != null) {
            mappers.add(spin);
        }
        this.valueMapper = new ValueMapper.CompositeValueMapper(scalaList(mappers));
        FunctionProvider custom = new CustomFunctionTransformer(functionProviders, valueMapper);
        this.parser = new org.camunda.feel.FeelEngine(custom, valueMapper, org.camunda.feel.FeelEngine.defaultConfiguration(),
                org.camunda.feel.FeelEngine.defaultClock());
        this.functions = new FunctionProvider.CompositeFunctionProvider(scalaList(List.of(
                new BuiltinFunctions(org.camunda.feel.FeelEngine.defaultClock(), valueMapper), custom)));
        this.interpreter = new FeelInterpreter(valueMapper);
    }

    /** The engine without custom functions (the application defines none). */
    public static Feel standard() {
        return STANDARD;
    }

    /** A FEEL expression's value with these variables; a failure (parse or evaluation) as {@link FeelException}. */
    public Object evaluate(String expression, Map<String, Object> variables) {
        return evaluate(parsed(expressions, expression, parser::parseExpression), new StaticContext(variables));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
        return (T) evaluate(parsed(expressions, expression, parser::parseExpression), new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return new ContextVariableWrapper(variableContext);
            }
        });
    }

    @Override
    public boolean evaluateSimpleUnaryTests(String expression, String inputVariable, VariableContext variableContext) {
        VariableProvider input = new VariableProvider.StaticVariableProvider(
                new camundajar.impl.scala.collection.immutable.Map.Map1<>(
                        org.camunda.feel.FeelEngine.UnaryTests$.MODULE$.inputVariable(), inputVariable));
        VariableProvider variables = new ContextVariableWrapper(variableContext);
        Object result = evaluate(parsed(unaryTests, expression, parser::parseUnaryTests), new CustomContext() {
            @Override
            public VariableProvider variableProvider() {
                return new VariableProvider.CompositeVariableProvider(scalaList(List.of(input, variables)));
            }
        });
        return Boolean.TRUE.equals(result);
    }

    private Object evaluate(Parsed parsed, Context context) {
        if (parsed.failure() != null) {
            throw new FeelException(parsed.failure());
        }
        EvalContext evalContext = EvalContext.create(valueMapper, functions).merge(context);
        Val value = interpreter.eval(parsed.expression().expression(), evalContext);
        String text = parsed.expression().text();
        camundajar.impl.scala.collection.Iterator<EvaluationFailure> failures = evalContext.failureCollector().failures().iterator();
        while (failures.hasNext()) {
            EvaluationFailure failure = failures.next();
            if (EvaluationFailureType.ASSERT_FAILURE$.MODULE$.equals(failure.failureType())) {
                throw new FeelException("Assertion failure on evaluate the expression '" + text + "': " + failure.failureMessage());
            }
        }
        if (value instanceof ValError error) {
            throw new FeelException("failed to evaluate expression '" + text + "': " + error.error());
        }
        if (value instanceof ValFatalError error) {
            throw new FeelException("failed to evaluate expression '" + text + "': " + error.error());
        }
        return valueMapper.unpackVal(value);
    }

    private static Parsed parsed(Map<String, Parsed> kept, String expression,
            Function<String, camundajar.impl.scala.util.Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>> parse) {
        Parsed parsed = kept.get(expression);
        if (parsed == null) {
            var result = parse.apply(expression);
            parsed = result.isRight()
                    ? new Parsed(result.toOption().get(), null)
                    : new Parsed(null, result.left().toOption().get().message());
            if (kept.size() < KEPT) {
                kept.put(expression, parsed);
            }
        }
        return parsed;
    }

    private static <T> camundajar.impl.scala.collection.immutable.List<T> scalaList(List<T> list) {
        return camundajar.impl.scala.jdk.javaapi.CollectionConverters.asScala(list).toList();
    }

    /** Plain Java variables. */
    private static final class StaticContext extends CustomContext {

        private final VariableProvider provider;

        StaticContext(Map<String, Object> variables) {
            this.provider = new VariableProvider() {
                @Override
                public camundajar.impl.scala.Option<Object> getVariable(String name) {
                    // a variable that is there but null is null in FEEL, not missing
                    return variables.containsKey(name) ? new camundajar.impl.scala.Some<>(variables.get(name))
                            : camundajar.impl.scala.Option.empty();
                }

                @Override
                public camundajar.impl.scala.collection.Iterable<String> keys() {
                    return camundajar.impl.scala.jdk.javaapi.CollectionConverters.asScala(variables.keySet());
                }
            };
        }

        @Override
        public VariableProvider variableProvider() {
            return provider;
        }
    }
}
