// Checkout: a shipping address form, then a payment page whose card form lives in a
// same-origin iframe (as a payment provider's would). The frame's form targets _top, so
// success and errors alike navigate the whole page with a plain POST + redirect.
import { findProduct, money } from './catalog.js';
import { field, html, redirect, type Ctx, type Reply, type Route } from './http.js';
import { frameLayout, layout } from './layout.js';
import { cartJson, shopNav } from './shop.js';
import type { Address } from './state.js';

const COUNTRIES = ['United States', 'Canada', 'United Kingdom', 'Germany', 'France', 'Portugal'];

const ADDRESS_FIELDS: [keyof Omit<Address, 'country'>, string][] = [
  ['name', 'Full name'], ['street', 'Street address'], ['city', 'City'], ['postal_code', 'Postal code'],
];

const PAYMENT_ERRORS: Record<string, string> = {
  card_name: 'Enter the name on the card.',
  card_number: 'Enter a card number of 13 to 19 digits.',
  expiry: 'Enter the expiry date as MM/YY.',
  cvc: 'Enter the 3 or 4 digit security code.',
};

export const checkoutRoutes: Route[] = [
  { method: 'GET', path: /^\/shop\/checkout$/, run: (ctx) => addressForm(ctx, ctx.state.shipping ?? emptyAddress(), []) },
  { method: 'POST', path: /^\/shop\/checkout$/, run: saveAddress },
  { method: 'GET', path: /^\/shop\/checkout\/payment$/, run: payment },
  { method: 'GET', path: /^\/shop\/checkout\/payment-frame$/, run: paymentFrame },
  { method: 'POST', path: /^\/shop\/checkout\/pay$/, run: pay },
];

function addressForm(ctx: Ctx, a: Address, errors: string[]): Reply {
  if (ctx.state.cart.length === 0) return redirect('/shop/cart');
  return layout(ctx, {
    title: 'Checkout',
    errors,
    status: errors.length ? 422 : 200,
    body: html`${shopNav(ctx)}<h1>Checkout</h1>
<p>Order total: <span class="price">${money(cartJson(ctx.state).total_cents)}</span></p>
<h2>Shipping address</h2>
<form class="stack" method="post" action="/shop/checkout">
${ADDRESS_FIELDS.map(([k, label]) => html`<div><label for="ship-${k}">${label}</label><input id="ship-${k}" name="${k}" type="text" value="${a[k]}" required></div>`)}
<div><label for="ship-country">Country</label><select id="ship-country" name="country">${COUNTRIES.map((c) => html`<option${c === a.country ? html` selected` : ''}>${c}</option>`)}</select></div>
<p><input type="submit" value="Continue to payment"> <a href="/shop/cart">Back to cart</a></p>
</form>`,
  });
}

async function saveAddress(ctx: Ctx): Promise<Reply> {
  const f = await ctx.form();
  const a: Address = { name: field(f, 'name'), street: field(f, 'street'), city: field(f, 'city'), postal_code: field(f, 'postal_code'), country: field(f, 'country') };
  const errors = ADDRESS_FIELDS.filter(([k]) => !a[k]).map(([, label]) => `${label} is required.`);
  if (!COUNTRIES.includes(a.country)) errors.push(`Country must be one of ${COUNTRIES.join(', ')}.`);
  if (errors.length) return addressForm(ctx, a, errors);
  ctx.state.shipping = a;
  return redirect('/shop/checkout/payment');
}

function payment(ctx: Ctx): Reply {
  const a = ctx.state.shipping;
  if (ctx.state.cart.length === 0) return redirect('/shop/cart');
  if (!a) return redirect('/shop/checkout');
  const error = ctx.url.searchParams.get('error') ?? '';
  const frameSrc = `/shop/checkout/payment-frame${PAYMENT_ERRORS[error] ? `?error=${error}` : ''}`;
  return layout(ctx, {
    title: 'Payment',
    body: html`${shopNav(ctx)}<h1>Payment</h1>
<div class="card"><p>Shipping to ${a.name}, ${a.street}, ${a.city} ${a.postal_code}, ${a.country}. <a href="/shop/checkout">Change address</a></p>
<p>Order total: <span class="price">${money(cartJson(ctx.state).total_cents)}</span></p></div>
<iframe title="Payment form" src="${frameSrc}" style="width:100%;max-width:32rem;height:24rem;border:1px solid #d5dae0;border-radius:6px"></iframe>`,
  });
}

function paymentFrame(ctx: Ctx): Reply {
  const error = PAYMENT_ERRORS[ctx.url.searchParams.get('error') ?? ''];
  const input = (name: string, label: string, value: string, extra: string) => html`<div><label for="pay-${name}">${label}</label><input id="pay-${name}" name="${name}" type="text" value="${value}" placeholder="${extra}" required></div>`;
  return frameLayout('Payment form', html`
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form class="stack" method="post" action="/shop/checkout/pay" target="_top">
${input('card_name', 'Name on card', ctx.state.shipping?.name ?? '', '')}
${input('card_number', 'Card number', '', '1234 5678 9012 3456')}
${input('expiry', 'Expiry date', '', 'MM/YY')}
${input('cvc', 'Security code', '', 'CVC')}
<p><input type="submit" value="Pay now"></p>
</form>`);
}

async function pay(ctx: Ctx): Promise<Reply> {
  const f = await ctx.form();
  const { state } = ctx;
  if (state.cart.length === 0) return redirect('/shop/cart');
  if (!state.shipping) return redirect('/shop/checkout');
  const digits = field(f, 'card_number').replace(/[\s-]/g, '');
  const bad =
    !field(f, 'card_name') ? 'card_name'
    : !/^\d{13,19}$/.test(digits) ? 'card_number'
    : !/^(0[1-9]|1[0-2])\/\d{2}$/.test(field(f, 'expiry')) ? 'expiry'
    : !/^\d{3,4}$/.test(field(f, 'cvc')) ? 'cvc'
    : undefined;
  if (bad) return redirect(`/shop/checkout/payment?error=${bad}`);

  const lines = state.cart.map((l) => {
    const p = findProduct(l.product_id)!;
    return { product_id: p.id, name: p.name, price_cents: p.price_cents, quantity: l.quantity };
  });
  for (const l of lines) state.stock[l.product_id] = (state.stock[l.product_id] ?? 0) - l.quantity;
  const number = String(1001 + state.orders.length);
  state.orders.push({
    number,
    lines,
    total_cents: lines.reduce((n, l) => n + l.price_cents * l.quantity, 0),
    shipping: { ...state.shipping },
    card_last4: digits.slice(-4),
    status: 'Confirmed',
  });
  state.cart = [];
  return redirect(`/shop/orders/${number}?notice=placed`);
}

const emptyAddress = (): Address => ({ name: '', street: '', city: '', postal_code: '', country: COUNTRIES[0]! });
