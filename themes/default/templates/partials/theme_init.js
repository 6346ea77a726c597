(function(d){d.className="js";try{var t=localStorage.getItem("sitegen-theme");if(t=="dark"||t=="light")d.setAttribute("data-theme",t)}catch(e){}})(document.documentElement)
