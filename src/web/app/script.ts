/**
 * The Mini App's whole script, inline (no second request on a slow line). It reads the init data
 * from Telegram (the WebApp object when present, otherwise the URL hash Telegram opens the page
 * with), sends it with every request in a header (no cookie that could outlive it), applies the
 * theme, and swaps in the server-rendered view on each link, filter and button.
 */
export const APP_SCRIPT = `(function(){
var W=window.Telegram&&Telegram.WebApp,q=new URLSearchParams(location.hash.slice(1));
var init=(W&&W.initData)||q.get("tgWebAppData")||"";
var th=(W&&W.themeParams)||{};try{if(!W)th=JSON.parse(q.get("tgWebAppThemeParams")||"{}")}catch(e){}
var st=document.documentElement.style;for(var k in th)st.setProperty("--tg-"+k.replace(/_/g,"-"),th[k]);
function post(e,d){var p=window.TelegramWebviewProxy;try{if(W&&W[e])W[e]();else if(p)p.postEvent("web_app_"+e,JSON.stringify(d||{}));else if(parent!==window)parent.postMessage(JSON.stringify({eventType:"web_app_"+e,eventData:d||{}}),"*")}catch(x){}}
var app=document.getElementById("app");
function go(url,opt){opt=opt||{};opt.headers={"X-Telegram-Init-Data":init};
app.setAttribute("aria-busy","true");
return fetch(url,opt).then(function(r){if(r.status==401){app.innerHTML="";app.dataset.refused="1";return}
return r.text().then(function(t){app.innerHTML=t;var v=app.firstElementChild;if(v&&v.lang){document.documentElement.lang=v.lang;document.title=v.dataset.title}scrollTo(0,0)})}).finally(function(){app.removeAttribute("aria-busy")})}
function formGo(f,extra){var d=new FormData(f);if(extra&&extra.name)d.append(extra.name,extra.value);var u=f.getAttribute("action"),b=new URLSearchParams(d);
return f.method=="get"?go(u+"?"+b):go(u,{method:"POST",body:b})}
document.addEventListener("click",function(e){var a=e.target.closest("a[data-v]"),d=e.target.closest("a[data-download]");if(a){e.preventDefault();go(a.dataset.v)}
if(d){e.preventDefault();fetch(d.getAttribute("href"),{headers:{"X-Telegram-Init-Data":init}}).then(function(r){return r.blob()}).then(function(b){var l=document.createElement("a");l.href=URL.createObjectURL(b);l.download=d.dataset.download;document.body.appendChild(l);l.click();l.remove()})}});
document.addEventListener("change",function(e){var f=e.target.form;if(f&&f.method=="get")formGo(f)});
document.addEventListener("submit",function(e){e.preventDefault();formGo(e.target,e.submitter)});
go("/app/v/reports");post("ready");post("expand");
})();`;
