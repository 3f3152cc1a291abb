package com.aibang.egress.rego;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aibang.egress.rego.lexer.Lexer;
import com.aibang.egress.rego.lexer.LexerException;
import com.aibang.egress.rego.lexer.Token;
import com.aibang.egress.rego.lexer.TokenType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LexerTest {
  @Test
  void operatorsAndPositions() {
    List<Token> t = Lexer.tokenize("x := a.b[1] # comment\n  y != 2.5e3");
    assertEquals(TokenType.IDENT, t.get(0).type());
    assertEquals(TokenType.ASSIGN, t.get(1).type());
    assertEquals(":=", t.get(1).text());
    assertEquals(TokenType.LBRACK, t.get(5).type());
    assertFalse(t.get(5).spaceBefore(), "a.b[1]: bracket is adjacent");
    Token y = t.get(8);
    assertEquals("y", y.text());
    assertEquals(2, y.line());
    assertEquals(3, y.col());
    assertTrue(y.newlineBefore());
    assertEquals(TokenType.NEQ, t.get(9).type());
    assertEquals("2.5e3", t.get(10).text());
    assertEquals(TokenType.EOF, t.get(11).type());
  }

  @Test
  void stringsAreDecoded() {
    List<Token> t = Lexer.tokenize("\"a\\n\\u00e9\\\"\" `raw\\n`");
    assertEquals("a\né\"", t.get(0).text());
    assertEquals(TokenType.RAW_STRING, t.get(1).type());
    assertEquals("raw\\n", t.get(1).text());
  }

  @Test
  void templateKeepsNestedQuotes() {
    List<Token> t = Lexer.tokenize("$\"a {concat(\"-\", [\"b\"])} c\"");
    assertEquals(TokenType.TEMPLATE, t.get(0).type());
    assertEquals("a {concat(\"-\", [\"b\"])} c", t.get(0).text());
  }

  @Test
  void badInputIsPositioned() {
    LexerException e = assertThrows(LexerException.class, () -> Lexer.tokenize("x := 1\ny := \"open"));
    assertEquals(2, e.line());
    assertEquals(6, e.col());
    assertThrows(LexerException.class, () -> Lexer.tokenize("x ^ y"));
  }
}
