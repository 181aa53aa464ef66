package org.convkit.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PyLiteralTest {

    private static Object parse(String text) {
        return PyLiteral.parse(text, false);
    }

    @Test
    void parsesTheValuesOfANumpyHeader() {
        Object v = parse(" {'descr': '<f4', \"fortran_order\": True, 'shape': (2, 3), 'x': None, }  \n");

        assertThat(v).isEqualTo(Map.of("descr", "<f4", "fortran_order", true,
                "shape", new PyLiteral.Tuple(List.of(BigInteger.TWO, BigInteger.valueOf(3))), "x", PyLiteral.NONE));
    }

    @Test
    void parenthesesMakeATupleOnlyWithACommaOrWhenEmpty() {
        assertThat(parse("(5)")).isEqualTo(BigInteger.valueOf(5));
        assertThat(parse("(5,)")).isEqualTo(new PyLiteral.Tuple(List.of(BigInteger.valueOf(5))));
        assertThat(parse("()")).isEqualTo(new PyLiteral.Tuple(List.of()));
        assertThat(parse("[]")).isEqualTo(List.of());
        assertThat(parse("{}")).isEqualTo(Map.of());
    }

    @Test
    void numbers() {
        assertThat(parse("-12")).isEqualTo(BigInteger.valueOf(-12));
        assertThat(parse("+0")).isEqualTo(BigInteger.ZERO);
        assertThat(parse("00")).isEqualTo(BigInteger.ZERO);
        assertThat(parse("123456789012345678901234567890")).isEqualTo(new BigInteger("123456789012345678901234567890"));
        assertThat(parse("2.5")).isEqualTo(2.5);
        assertThat(parse(".5")).isEqualTo(0.5);
        assertThat(parse("1e3")).isEqualTo(1000.0);
        assertThat(parse("-1.5E-2")).isEqualTo(-0.015);
        assertThat(PyLiteral.parse("7L", true)).isEqualTo(BigInteger.valueOf(7));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'a'                    | 'a'",
        "\"it's\"               | \"it's\"",
        "(1,)                   | (1,)",
        "(1, 2)                 | (1, 2)",
        "[(1,), [], {}]         | [(1,), [], {}]",
        "{'k': True, 'n': None} | {'k': True, 'n': None}",
    })
    void reprWritesPythonSyntax(String text, String repr) {
        assertThat(PyLiteral.repr(parse(text))).isEqualTo(repr);
    }
}
