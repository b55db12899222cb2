/**
 * The Mini App's whole script, inline in the page's head, so that the first view is asked for
 * before anything else is parsed. It reads the init data from Telegram (the WebApp object when
 * present, otherwise the URL hash Telegram opens the page with), sends it with every request in a
 * header (no cookie that could outlive it), applies the theme, and swaps in the server-rendered
 * view on each link, filter and button.
 *
 * The page is cached by the browser (it holds no data), so a later open costs one request: the
 * view's. Each view names the page's current version (X-App-Version); a cached page that is
 * older fetches the new one (the address without a pass) into the cache for the next open, while
 * this one carries on. Opened from a bot button with a pass, the page holds the list already
 * (`data-shown`): nothing to ask for until the person moves.
 *
 * A CSV link is a signed address the server checks without the header: inside Telegram 8.0 or
 * later the app downloads it itself (web_app_request_file_download, as WebApp.downloadFile
 * does), since Android's and iOS's web views drop a download started from a page; elsewhere
 * the link is followed as usual. A link older than its lifetime brings a fresh view first.
 */
export const APP_SCRIPT = `(function(){
var W=window.Telegram&&Telegram.WebApp,q=new URLSearchParams(location.hash.slice(1)),V="%VERSION%";
var init=(W&&W.initData)||q.get("tgWebAppData")||"",tv=parseFloat((W&&W.version)||q.get("tgWebAppVersion")||"0");
var th=(W&&W.themeParams)||{};try{if(!W)th=JSON.parse(q.get("tgWebAppThemeParams")||"{}")}catch(e){}
var st=document.documentElement.style;for(var k in th)st.setProperty("--tg-"+k.replace(/_/g,"-"),th[k]);
var P=window.TelegramWebviewProxy;
function raw(e,d){try{if(P)P.postEvent(e,JSON.stringify(d||{}));else if(parent!==window)parent.postMessage(JSON.stringify({eventType:e,eventData:d||{}}),"*")}catch(x){}}
function post(e){if(W&&W[e])W[e]();else raw("web_app_"+e)}
function dom(f){if(document.readyState=="loading")document.addEventListener("DOMContentLoaded",f);else f()}
var app,stale,at=0,last="/app/v/reports";
function go(url,opt){opt=opt||{};opt.headers={"X-Telegram-Init-Data":init};
var r=fetch(url,opt);dom(function(){app=document.getElementById("app");app.setAttribute("aria-busy","true")});
return r.then(function(r){if(!stale&&r.headers.get("X-App-Version")!=V){stale=1;var s=new URLSearchParams(location.search);s.delete("pass");s+="";fetch(location.pathname+(s?"?"+s:""),{cache:"reload"})}
return r.status==401?"":r.text().then(function(t){if(!opt.method)last=url;return t})}).then(function(t){dom(function(){
if(!t){app.innerHTML="";app.dataset.refused="1"}else{app.innerHTML=t;at=Date.now();var v=app.firstElementChild;if(v&&v.lang){document.documentElement.lang=v.lang;document.title=v.dataset.title}scrollTo(0,0)}
app.removeAttribute("aria-busy")})})}
if(document.documentElement.hasAttribute("data-shown"))at=Date.now();else go(last);
function formGo(f,extra){var d=new FormData(f);if(extra&&extra.name)d.append(extra.name,extra.value);var u=f.getAttribute("action"),b=new URLSearchParams(d);
return f.method=="get"?go(u+"?"+b):go(u,{method:"POST",body:b})}
document.addEventListener("click",function(e){var a=e.target.closest("a[data-v]"),d=e.target.closest("a[download]");if(a){e.preventDefault();go(a.dataset.v)}
if(d){if(Date.now()-at>d.dataset.ttl*1000-30000){e.preventDefault();go(last);return}
var u=new URL(d.getAttribute("href"),location.href).href,n=d.getAttribute("download");
if(W&&W.downloadFile){e.preventDefault();W.downloadFile({url:u,file_name:n})}else if(tv>=8&&(P||parent!==window)){e.preventDefault();raw("web_app_request_file_download",{url:u,file_name:n})}}});
document.addEventListener("change",function(e){var f=e.target.form;if(f&&f.method=="get")formGo(f)});
document.addEventListener("submit",function(e){e.preventDefault();formGo(e.target,e.submitter)});
post("ready");post("expand");
})();`;
