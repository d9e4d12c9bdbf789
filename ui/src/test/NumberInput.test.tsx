import { fireEvent, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, vi } from "vitest";
import type { Lang } from "../backend/types";
import { NumberInput } from "../components/NumberInput";

function Harness({ lang, initial = "", integer = false, onText }: { lang: Lang; initial?: string; integer?: boolean; onText?: (t: string) => void }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <NumberInput
        data-testid="n"
        lang={lang}
        integer={integer}
        value={value}
        onChange={(t) => {
          setValue(t);
          onText?.(t);
        }}
      />
      <button type="button">elsewhere</button>
    </>
  );
}

describe("NumberInput", () => {
  it("is a text input with the decimal keyboard", () => {
    render(<Harness lang="vi" />);
    const input = screen.getByTestId("n");
    expect(input).toHaveAttribute("type", "text");
    expect(input).toHaveAttribute("inputmode", "decimal");
  });

  it("never reformats while typing, only on blur (vi)", async () => {
    const user = userEvent.setup();
    const seen: string[] = [];
    render(<Harness lang="vi" onText={(t) => seen.push(t)} />);
    const input = screen.getByTestId("n") as HTMLInputElement;
    await user.click(input);
    await user.keyboard("1234567,5");
    expect(input.value).toBe("1234567,5");
    // Every intermediate value is exactly what was typed.
    expect(seen).toEqual(["1", "12", "123", "1234", "12345", "123456", "1234567", "1234567,", "1234567,5"]);
    await user.click(screen.getByText("elsewhere"));
    expect(input.value).toBe("1.234.567,5");
  });

  it("formats English numbers on blur", async () => {
    const user = userEvent.setup();
    render(<Harness lang="en" />);
    const input = screen.getByTestId("n") as HTMLInputElement;
    await user.click(input);
    await user.keyboard("1234567.5");
    expect(input.value).toBe("1234567.5");
    await user.tab();
    expect(input.value).toBe("1,234,567.5");
  });

  it("leaves text that is not a number untouched on blur", async () => {
    const user = userEvent.setup();
    render(<Harness lang="vi" />);
    const input = screen.getByTestId("n") as HTMLInputElement;
    await user.click(input);
    await user.keyboard("12abc");
    await user.tab();
    expect(input.value).toBe("12abc");
  });

  it("does not touch the value on composition events (IME)", () => {
    const onText = vi.fn();
    render(<Harness lang="vi" initial="12" onText={onText} />);
    const input = screen.getByTestId("n") as HTMLInputElement;
    fireEvent.compositionStart(input, { data: "" });
    fireEvent.compositionUpdate(input, { data: "3" });
    expect(onText).not.toHaveBeenCalled();
    // The browser changes the text while composing; the component passes it through as is.
    fireEvent.change(input, { target: { value: "1234" } });
    fireEvent.compositionEnd(input, { data: "34" });
    expect(input.value).toBe("1234");
    expect(onText).toHaveBeenCalledTimes(1);
    expect(onText).toHaveBeenLastCalledWith("1234");
    fireEvent.blur(input);
    expect(input.value).toBe("1.234");
  });

  it("integer fields are formatted without decimals, and a fraction is left as typed", async () => {
    const user = userEvent.setup();
    render(<Harness lang="vi" integer />);
    const input = screen.getByTestId("n") as HTMLInputElement;
    await user.click(input);
    await user.keyboard("2500000");
    await user.tab();
    expect(input.value).toBe("2.500.000");
    await user.clear(input);
    await user.keyboard("2,5");
    await user.tab();
    expect(input.value).toBe("2,5");
  });
});
