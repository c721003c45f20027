// Module hook: `import ... from 'alt-server'` gets the stand-in (alt:V provides the real one).
export async function resolve(specifier, context, next) {
  if (specifier === 'alt-server') {
    return { url: new URL('./alt-server-stand-in.js', import.meta.url).href, shortCircuit: true };
  }
  return next(specifier, context);
}
