/**
 * Lists promises nobody awaits, returns, stores or marks with `void`: an expression statement (or a
 * forEach callback's body) whose value is a Promise. Since the storage seam made repos async, such a
 * call is a write that may run outside its unit, or a failure nobody hears of. TypeScript 7 (the
 * project's compiler) has no JavaScript API yet, so this runs on TypeScript 5's (dev dependency
 * `typescript-api`). Run: npm run check:promises (part of .ci/run).
 */
import ts from 'typescript-api';
import { relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const config = ts.parseJsonConfigFileContent(ts.readConfigFile(resolve(root, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, root);
const program = ts.createProgram(config.fileNames, { ...config.options, noEmit: true });
const checker = program.getTypeChecker();

const isPromise = (type) => type.isUnion() ? type.types.some(isPromise) : ['Promise', 'PromiseLike'].includes(type.getSymbol()?.getName());
/** `.catch(…)` or `.then(…, onRejected)` handles the failure; an assignment keeps the promise for later. */
const handled = (expr) => (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)
    && (expr.expression.name.text === 'catch' || (expr.expression.name.text === 'then' && expr.arguments.length === 2)))
  || (ts.isBinaryExpression(expr) && expr.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && expr.operatorToken.kind <= ts.SyntaxKind.LastAssignment);
const forEachBody = (node) => ts.isArrowFunction(node) && !ts.isBlock(node.body) && ts.isCallExpression(node.parent)
  && ts.isPropertyAccessExpression(node.parent.expression) && node.parent.expression.name.text === 'forEach';

const dropped = [];
for (const file of program.getSourceFiles()) {
  if (file.isDeclarationFile || !file.fileName.startsWith(root) || file.fileName.includes('/node_modules/')) continue;
  const visit = (node) => {
    const expr = ts.isExpressionStatement(node) ? node.expression : forEachBody(node) ? node.body : undefined;
    if (expr && !ts.isAwaitExpression(expr) && !ts.isVoidExpression(expr) && !handled(expr) && isPromise(checker.getTypeAtLocation(expr))) {
      const { line } = file.getLineAndCharacterOfPosition(expr.getStart());
      dropped.push(`${relative(root, file.fileName)}:${line + 1}: ${expr.getText().replace(/\s+/g, ' ').slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}
for (const d of dropped) console.log(d);
console.log(dropped.length ? `${dropped.length} promise(s) nobody awaits: await them, or write void where dropping is meant` : 'no dropped promises');
process.exit(dropped.length ? 1 : 0);
