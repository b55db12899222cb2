import { Composer, type Context, type Middleware, type MiddlewareFn, type NextFunction } from "grammy";

type MaybePromise<T> = T | Promise<T>;

/** A middleware as a function, reading a plain Composer's middleware at the call, as grammY does: it may grow later. */
function asFunction<C extends Context>(middleware: Middleware<C>): MiddlewareFn<C> {
  if (typeof middleware === "function") return middleware;
  if (middleware instanceof FeatureComposer) return middleware.middleware();
  return (ctx, next) => middleware.middleware()(ctx, next);
}

const pass: MiddlewareFn<Context> = (_ctx, next) => next();

/**
 * grammY's Composer with the same methods, built for a bot of some hundred handlers. grammY nests
 * one async closure per `use` and, for every filter an update passes (`command`, `callbackQuery`,
 * `on`: `branch` goes through `lazy`), builds a new Composer for that update; an update of ours
 * passes up to 140 of them before its handler, and that was most of what it allocated. Here the
 * middleware of a composer run in a loop, and each branch is composed once, when it is declared.
 * The order and the semantics (a middleware that does not call `next` ends the update) are grammY's.
 */
export class FeatureComposer<C extends Context> extends Composer<C> {
  private readonly chain: MiddlewareFn<C>[];

  constructor(...middleware: Array<Middleware<C>>) {
    super();
    this.chain = middleware.map(asFunction);
  }

  private readonly run: MiddlewareFn<C> = (ctx, next) => {
    const { chain } = this;
    let at = 0;
    const step = (): MaybePromise<unknown> =>
      at < chain.length ? chain[at++]!(ctx, step as NextFunction) : next();
    return step();
  };

  override middleware(): MiddlewareFn<C> {
    return this.run;
  }

  override use(...middleware: Array<Middleware<C>>): Composer<C> {
    const composer = new FeatureComposer<C>(...middleware);
    this.chain.push(composer.middleware());
    return composer;
  }

  override filter<D extends C>(
    predicate: (ctx: C) => ctx is D,
    ...middleware: Array<Middleware<D>>
  ): Composer<D>;
  override filter(
    predicate: (ctx: C) => MaybePromise<boolean>,
    ...middleware: Array<Middleware<C>>
  ): Composer<C>;
  override filter(
    predicate: (ctx: C) => MaybePromise<boolean>,
    ...middleware: Array<Middleware<C>>
  ): Composer<C> {
    const composer = new FeatureComposer<C>(...middleware);
    this.branch(predicate, composer, pass);
    return composer;
  }

  override branch(
    predicate: (ctx: C) => MaybePromise<boolean>,
    trueMiddleware: Middleware<C> | Array<Middleware<C>>,
    falseMiddleware: Middleware<C> | Array<Middleware<C>>,
  ): Composer<C> {
    const composed = (middleware: Middleware<C> | Array<Middleware<C>>) =>
      asFunction(Array.isArray(middleware) ? new FeatureComposer<C>(...middleware) : middleware);
    const onTrue = composed(trueMiddleware);
    const onFalse = composed(falseMiddleware);
    const branching: MiddlewareFn<C> = (ctx, next) => {
      const decided = predicate(ctx);
      if (typeof decided === "boolean") return decided ? onTrue(ctx, next) : onFalse(ctx, next);
      return decided.then((yes) => (yes ? onTrue(ctx, next) : onFalse(ctx, next)));
    };
    // In the chain itself, not behind a composer of its own: one call less for every update passing by.
    this.chain.push(branching);
    return new FeatureComposer<C>(branching);
  }
}
