// The one sentence every page gives for an address in its URL that is not one.
export function NotAnAddress({ text, title = "Not an address" }: { text: string; title?: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p role="alert" className="error">
        "{text}" is not an Ethereum address: expected 0x and 40 hexadecimal characters.
      </p>
    </section>
  );
}
